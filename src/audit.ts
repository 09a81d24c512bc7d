// The pipeline of DESIGN §7: inventory → fault graph → risk groups → findings. Pure.
import type { Criticality, Inventory } from './inventory/types.js';
import { buildFaultGraph } from './model/build.js';
import { computeRiskGroups } from './model/riskGroups.js';
import type { DataSetRiskGroups, FaultGraph } from './model/types.js';
import { SEVERITY_BY_CRITICALITY, type Policy, type RulePolicy } from './policy/types.js';
import { RULES } from './rules/index.js';
import type { Finding, FindingDraft, Rule, Severity } from './rules/types.js';
import { SEVERITY_RANK } from './rules/types.js';

export interface AuditOptions {
  maxOrder: number;
  policy: Policy;
  /** Evaluation date YYYY-MM-DD. */
  now: string;
}

export interface DataSetResult {
  id: string;
  criticality: Criticality;
  /** The primary copy plus every backup copy. */
  copies: number;
  independence: number | null;
  riskGroups: string[][];
}

export interface AuditResult {
  inventory: Inventory;
  graph: FaultGraph;
  maxOrder: number;
  dataSets: DataSetResult[];
  findings: Finding[];
}

export function audit(inventory: Inventory, options: AuditOptions): AuditResult {
  const graph = buildFaultGraph(inventory);
  const groups = computeRiskGroups(graph, { maxOrder: options.maxOrder });
  const riskGroups = new Map<string, DataSetRiskGroups>(groups.map((g) => [g.id, g]));
  const copiesOf = new Map<string, number>();
  for (const b of inventory.backups.values()) copiesOf.set(b.of, (copiesOf.get(b.of) ?? 0) + 1);
  const dataSets: DataSetResult[] = [...inventory.stores.values()].map((s) => ({
    id: s.id,
    criticality: s.criticality,
    copies: 1 + (copiesOf.get(s.id) ?? 0),
    independence: riskGroups.get(s.id)?.independence ?? null,
    riskGroups: riskGroups.get(s.id)?.groups ?? [],
  }));

  const findings: Finding[] = [];
  for (const rule of RULES) {
    const settings = options.policy.rules.get(rule.id);
    if (settings && !settings.enabled) continue;
    findings.push(...runRule(rule, settings, { inventory, graph, riskGroups, maxOrder: options.maxOrder, now: options.now }));
  }
  return { inventory, graph, maxOrder: options.maxOrder, dataSets, findings: sortFindings(findings) };
}

function runRule(
  rule: Rule<unknown>,
  settings: RulePolicy | undefined,
  base: Omit<Parameters<Rule<unknown>['check']>[0], 'options'>,
): Finding[] {
  const options = { ...(rule.defaultOptions as object), ...(settings?.options ?? {}) };
  let drafts: FindingDraft[];
  try {
    drafts = rule.check({ ...base, options });
  } catch (error) {
    // One broken rule must not take the run down: report it as a finding of its own.
    const reason = error instanceof Error ? error.message : String(error);
    drafts = [
      {
        subject: rule.id,
        severity: 'high',
        message: `rule ${rule.id} failed and its checks did not run: ${reason}`,
        remediation: 'Report this as a bug in bcaudit, with the inventory that triggers it.',
        path: [],
      },
    ];
    return drafts.flatMap((d) => toFinding({ ...rule, id: 'rule-error' }, d, undefined, base.inventory) ?? []);
  }
  return drafts.flatMap((d) => toFinding(rule, d, settings, base.inventory) ?? []);
}

function severityOf(rule: Rule<unknown>, draft: FindingDraft, settings: RulePolicy | undefined): Severity | 'off' {
  const setting = settings?.severity;
  if (typeof setting === 'string') return setting;
  if (draft.criticality !== undefined) {
    return setting ? setting[draft.criticality] : SEVERITY_BY_CRITICALITY[draft.criticality];
  }
  return draft.severity ?? rule.defaultSeverity;
}

function toFinding(
  rule: Pick<Rule<unknown>, 'id' | 'defaultSeverity'>,
  draft: FindingDraft,
  settings: RulePolicy | undefined,
  inventory: Inventory,
): Finding | undefined {
  const severity = severityOf(rule as Rule<unknown>, draft, settings);
  if (severity === 'off') return undefined;
  return {
    id: [rule.id, draft.subject, ...(draft.detail === undefined ? [] : [draft.detail])].join('/'),
    rule: rule.id,
    severity,
    message: draft.message,
    remediation: draft.remediation,
    pos: inventory.locate(draft.path),
    path: draft.path,
    events: draft.events ?? [],
    dataSets: draft.dataSets ?? [],
  };
}

/** Worst first, then by place in the file, then by id: deterministic. */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      (a.pos.file < b.pos.file ? -1 : a.pos.file > b.pos.file ? 1 : 0) ||
      a.pos.line - b.pos.line ||
      a.pos.column - b.pos.column ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}
