// One measured run of the check pipeline, phase by phase, on the compiled code (dist/), as users run it.
// Usage: node bench/phases.mjs <inventory.yml> <max-order>  → one JSON line on stdout.
import { readFileSync } from 'node:fs';
import { audit } from '../dist/audit.js';
import { inventorySchema } from '../dist/inventory/load.js';
import { resolveInventory } from '../dist/inventory/resolve.js';
import { validateAgainstSchema } from '../dist/inventory/validate.js';
import { parseYamlFast } from '../dist/inventory/yamlSource.js';
import { buildFaultGraph } from '../dist/model/build.js';
import { computeRiskGroups } from '../dist/model/riskGroups.js';
import { nodeIo } from '../dist/cli/io.js';
import { DEFAULT_CLI_LIMITS } from '../dist/cli/limits.js';
import { loadPolicy } from '../dist/cli/policyFiles.js';
import { checkReportPieces } from '../dist/report/index.js';

const [file, orderText] = process.argv.slice(2);
const maxOrder = Number(orderText ?? 3);
const times = {};
let last = performance.now();
const lap = (name) => {
  const now = performance.now();
  times[name] = Math.round((now - last) * 10) / 10;
  last = now;
};

const text = readFileSync(file, 'utf8');
lap('read');
const source = parseYamlFast(text, file);
if (!source) throw new Error('the benchmark inventory must take the fast path');
lap('parse');
const problems = validateAgainstSchema(inventorySchema, source);
if (problems.length > 0) throw new Error(`invalid: ${problems[0].message}`);
lap('validate');
const resolved = resolveInventory(source);
if (!resolved.ok) throw new Error(`unresolved: ${resolved.problems[0].message}`);
lap('resolve');
const graph = buildFaultGraph(resolved.inventory);
lap('graph');
const groups = computeRiskGroups(graph, { maxOrder });
lap('riskGroups');
// audit() builds the graph and groups again, then runs the rules: subtract to get the rules' share.
const before = performance.now();
const result = audit(resolved.inventory, { maxOrder, policy: await loadPolicy({ io: nodeIo(), limits: DEFAULT_CLI_LIMITS }, 'baseline'), now: '2026-11-24' });
const auditTotal = performance.now() - before;
times.rules = Math.round((auditTotal - times.graph - times.riskGroups) * 10) / 10;
last = performance.now();
// As check writes it: piece by piece (the CLI writes each batch out; here only its length is kept).
let jsonLength = 0;
for (const piece of checkReportPieces('json', { results: [result], failOn: 'high', color: 0, policyName: 'baseline', now: '2026-11-24', toolVersion: 'bench' })) jsonLength += piece.length;
lap('formatJson');

process.stdout.write(
  `${JSON.stringify({
    times,
    events: graph.events.length,
    gates: graph.gates.length,
    dataSets: graph.dataSets.length,
    riskGroups: groups.reduce((n, d) => n + d.count, 0),
    findings: result.findings.length,
    jsonBytes: jsonLength,
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  })}\n`,
);
