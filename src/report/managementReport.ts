// `bcaudit report`: the management report (DESIGN §5) — Markdown that GitHub, GitLab and a
// browser render: a verdict in plain words, a table of data sets, the top risks as scenarios,
// a Mermaid diagram of where the copies live, what to fix first, waivers, live checks.
// Each section is written by its own module under management/; this one puts them in order.
//
// Pure: the same audit result, date and settings give the same bytes. Every piece of text that
// comes from the inventory goes through markdownText or markdownCode (or Mermaid's escaping).
import type { AuditResult } from '../audit.js';
import { plural } from '../rules/facts.js';
import type { ObservationsFile } from '../verify/observations.js';
import { dataSetTable } from './management/dataSetTable.js';
import { diagramSection } from './management/diagramSection.js';
import { fixes } from './management/fixes.js';
import { liveChecks } from './management/liveChecks.js';
import { scenariosOf } from './management/scenarios.js';
import { topRisks } from './management/topRisks.js';
import { verdict } from './management/verdict.js';
import { waiverSection } from './management/waivers.js';
import { markdownCode, markdownText } from './sanitize.js';

export { topRisksOf } from './management/scenarios.js';

export interface ManagementReportContext {
  result: AuditResult;
  /** The date the report is made, YYYY-MM-DD: the one line of the report that changes by itself. */
  now: string;
  policyName: string;
  toolVersion: string;
  /** What `bcaudit verify` observed (its --observations-out file), when given. */
  observations?: ObservationsFile;
}

export function formatManagementReport(ctx: ManagementReportContext): string {
  const { result } = ctx;
  const inv = result.inventory;
  const criticalityOf = new Map(result.dataSets.map((d) => [d.id, d.criticality]));
  const scenarios = scenariosOf(result);
  const open = result.findings.filter((f) => !f.suppression);

  const lines: string[] = [];
  const title = inv.name === undefined ? 'Backup independence report' : `Backup independence report: ${markdownText(inv.name)}`;
  lines.push(`# ${title}`, '');
  lines.push(
    `_Made on ${ctx.now} from ${markdownCode(inv.file)} by bcaudit ${markdownText(ctx.toolVersion)} · ` +
      `policy ${markdownCode(ctx.policyName)} · combinations of up to ${plural(result.maxOrder, 'failure')} checked._`,
    '',
  );
  lines.push('## Verdict', '', verdict(result, scenarios, open, criticalityOf), '');

  lines.push('## Data sets', '', ...dataSetTable(result, scenarios, ctx.now), '');

  lines.push('## Top risks', '', ...topRisks(result, scenarios), '');

  lines.push('## Where the copies live', '', ...diagramSection(result), '');

  lines.push('## What to fix first', '', ...fixes(result, open), '');

  lines.push('## Accepted risks (waivers)', '', ...waiverSection(result, ctx.now), '');

  lines.push('## Live checks', '', ...liveChecks(ctx.observations), '');

  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
