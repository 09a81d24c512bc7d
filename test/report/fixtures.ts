// Shared by the report tests: the examples, an inventory with hostile free text, and the pipeline.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { audit, type AuditResult } from '../../src/audit.js';
import { parseInventory } from '../../src/inventory/load.js';
import { defaultPolicy } from '../../src/policy/builtin.js';
import { formatManagementReport } from '../../src/report/managementReport.js';
import { REPO_ROOT } from '../support/cli.js';

export const NOW = '2026-11-22';

/** examples/*.yml, by name without the extension. */
export const EXAMPLES: string[] = readdirSync(join(REPO_ROOT, 'examples'))
  .filter((f) => f.endsWith('.yml'))
  .map((f) => f.slice(0, -4))
  .sort();

export const examplePath = (name: string): string => `examples/${name}.yml`;

export function auditText(text: string, file: string, maxOrder = 3, now = NOW): AuditResult {
  const loaded = parseInventory(text, file);
  if (!loaded.ok) throw new Error(`${file} does not load:\n${loaded.problems.map((p) => `${p.pos.line}:${p.pos.column} ${p.message}`).join('\n')}`);
  return audit(loaded.inventory, { maxOrder, policy: defaultPolicy(), now });
}

export function auditExample(name: string, maxOrder = 3): AuditResult {
  return auditText(readFileSync(join(REPO_ROOT, examplePath(name)), 'utf8'), examplePath(name), maxOrder);
}

export function reportOf(result: AuditResult, now = NOW): string {
  return formatManagementReport({ result, now, policyName: 'baseline', toolVersion: '0.0.0-test' });
}

/**
 * Free text as hostile as the schema lets it be, everywhere the report, the diagrams and the
 * graph exports show text: the name, descriptions, owners, regions and sites (which become event
 * ids), waiver owners and reasons. Each tries to break out of Markdown, HTML, a Mermaid label, a
 * Mermaid directive, a code fence or a DOT string, and to run script (`window.__pwned`).
 */
export const HOSTILE_REGION = 'eu"] --> X[<img src=x onerror="window.__pwned=1">] %%{init: {"securityLevel": "loose"}}%%';
export const HOSTILE_SITE = "```\n</pre><script>window.__pwned=2</script> #quot; & &amp; \\N \\\" `code` | a | *b* [l](javascript:window.__pwned=3) end; click n0 call alert(1)";
export const HOSTILE_NAME = 'Evil <script>window.__pwned=4</script> ]]> "name" \\ | *x* _y_ <b>bold</b> ```mermaid';

export const HOSTILE_INVENTORY = `version: 1
name: ${JSON.stringify(HOSTILE_NAME)}
providers:
  p: { kind: cloud, description: "<img src=x onerror=window.__pwned=5>" }
  end: { kind: storage }
accounts:
  a:
    provider: p
    admins: [constructor]
    billing: card.1
  graph:
    provider: end
    admins: [style]
identities:
  constructor: { kind: person }
  style: { kind: person }
billing:
  card.1: { kind: card }
stores:
  db:
    kind: database
    account: a
    region: ${JSON.stringify(HOSTILE_REGION)}
    site: ${JSON.stringify(HOSTILE_SITE)}
    criticality: critical
    rpo: 24h
    owner: "<img src=x onerror=window.__pwned=6> \`owner\` | pipe"
  subgraph:
    kind: bucket
    account: a
    criticality: high
targets:
  t:
    kind: object-storage
    account: a
    region: ${JSON.stringify(HOSTILE_REGION)}
  click:
    kind: nas
    account: graph
    site: ${JSON.stringify(HOSTILE_SITE)}
backups:
  db-1:
    of: db
    to: t
    every: 48h
  db-2:
    of: db
    to: click
    every: 24h
    restore:
      last_tested: 2026-10-01
waivers:
  - finding: "single-point-of-failure/subgraph/*"
    owner: "<script>window.__pwned=7</script> | \`x\`"
    reason: "reason with | pipes |, *stars*, <b>html</b>, [link](http://evil.example) and \`\`\` fences"
    granted: 2026-11-01
    expires: 2026-12-15
`;
