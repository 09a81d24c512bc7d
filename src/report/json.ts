// `check --format json`: the versioned contract other tools build on (DESIGN §5, docs/json-format.md).
import { failsRun } from '../policy/gate.js';
import { SEVERITIES, type Severity } from '../rules/types.js';
import type { Formatter } from './types.js';

export const JSON_FORMAT_VERSION = 1;

export const formatJson: Formatter = (ctx) => {
  const { result } = ctx;
  const inv = result.inventory;
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of result.findings) if (!f.suppression) bySeverity[f.severity]++;
  const document = {
    version: JSON_FORMAT_VERSION,
    tool: { name: 'bcaudit', version: ctx.toolVersion },
    inventory: {
      file: inv.file,
      name: inv.name ?? null,
      counts: {
        providers: inv.providers.size,
        accounts: inv.accounts.size,
        identities: inv.identities.size,
        billing: inv.billing.size,
        services: inv.services.size,
        keys: inv.keys.size,
        stores: inv.stores.size,
        targets: inv.targets.size,
        backups: inv.backups.size,
      },
    },
    analysis: { maxOrder: result.maxOrder, policy: ctx.policyName, now: ctx.now },
    datasets: result.dataSets.map((d) => ({
      id: d.id,
      criticality: d.criticality,
      copies: d.copies,
      independence: d.independence,
      riskGroupCount: d.riskGroups.length,
      riskGroups: ctx.top === undefined ? d.riskGroups : d.riskGroups.slice(0, ctx.top),
    })),
    findings: result.findings.map((f) => ({
      id: f.id,
      rule: f.rule,
      severity: f.severity,
      message: f.message,
      remediation: f.remediation,
      location: { file: f.pos.file, line: f.pos.line, column: f.pos.column },
      events: f.events,
      datasets: f.dataSets,
      suppressed: f.suppression ?? null,
    })),
    summary: {
      datasets: result.dataSets.length,
      singlePointsOfFailure: result.dataSets.filter((d) => d.independence === 1).length,
      findings: bySeverity,
      suppressed: result.findings.filter((f) => f.suppression).length,
      failOn: ctx.failOn,
      failing: result.findings.filter((f) => failsRun(f, ctx.failOn)).length,
    },
  };
  return `${JSON.stringify(document, null, 2)}\n`;
};
