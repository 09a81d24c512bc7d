// The pipeline of DESIGN §7: inventory → fault graph → risk groups → findings → waivers. Pure.
import type { Criticality, Inventory, Waiver } from './inventory/types.js';
import { buildFaultGraph } from './model/build.js';
import { EventProbabilities, eventLikelihoods } from './model/likelihood.js';
import type { ProbabilityResult } from './model/lossFigures.js';
import { analyseProbability, type ProbabilityOptions } from './model/probability.js';
import { computeRiskGroups, noRiskGroups, type RiskGroupOptions } from './model/riskGroups.js';
import type { DataSetRiskGroups, FaultGraph } from './model/types.js';
import { SEVERITY_BY_CRITICALITY, type PlacedWaiver, type Policy, type RulePolicy, type WaiverReview } from './policy/types.js';
import { mergeOptions } from './policy/merge.js';
import { applyWaivers } from './policy/waivers.js';
import { INVENTORY_RULES, WAIVER_RULES } from './rules/index.js';
import { RuleFinding } from './rules/finding.js';
import type { TerraformCoverage } from './rules/terraformCoverage.js';
import type { Finding, FindingDraft, RuleContext, RuleMeta, Severity } from './rules/types.js';
import { SEVERITIES, SEVERITY_RANK } from './rules/types.js';

export interface AuditOptions {
  maxOrder: number;
  policy: Policy;
  /** Evaluation date YYYY-MM-DD. */
  now: string;
  /** Waivers from outside the inventory (a --waivers file), judged after the inventory's own. */
  waivers?: readonly PlacedWaiver[];
  /** Findings from live observations (`verify --observations-out`), waived and gated like the rest. */
  observed?: readonly Finding[];
  /** With `check --terraform`: the Terraform resources the coverage rules compare the inventory with. */
  terraform?: TerraformCoverage;
  /** Budgets of the risk-group computation (memory, time, output size); defaults when absent. */
  riskGroupBudgets?: Pick<RiskGroupOptions, 'maxTotal' | 'maxWork' | 'maxTotalChars'>;
  /** Budget of nodes of each decision diagram of the loss probabilities; a figure over it is reported unavailable. */
  maxBddNodes?: number;
}

export interface DataSetResult {
  id: string;
  criticality: Criticality;
  /** The primary copy plus every backup copy. */
  copies: number;
  independence: number | null;
  /** The minimal risk groups as event ids, built on first use from `packedRiskGroups`. */
  readonly riskGroups: string[][];
  /** The same groups packed (event indices in typed arrays): for reading many without an array per group. */
  packedRiskGroups: DataSetRiskGroups;
  /** Annual probability that every copy is lost (DESIGN §3 "Likelihood"); absent without likelihoods. */
  lossProbability?: number;
  /** Each risk group's probability (product of its events'), parallel to riskGroups; absent without likelihoods. */
  riskGroupProbabilities?: number[];
  /** Why lossProbability (and the importance) is missing although the policy sets likelihoods. */
  lossProbabilityUnavailable?: string;
}

export interface AuditResult {
  inventory: Inventory;
  graph: FaultGraph;
  maxOrder: number;
  dataSets: DataSetResult[];
  findings: Finding[];
  /** Every waiver (the inventory's, then a --waivers file's), as judged in this run. */
  waivers: WaiverReview[];
  /** Loss probabilities and importance; absent when the policy sets no likelihoods, or the computation is over budget. */
  probability?: ProbabilityResult;
}

export function audit(inventory: Inventory, options: AuditOptions): AuditResult {
  const graph = buildFaultGraph(inventory);
  const groups = computeRiskGroups(graph, { ...options.riskGroupBudgets, maxOrder: options.maxOrder });
  const riskGroups = new Map<string, DataSetRiskGroups>(groups.map((g) => [g.id, g]));
  const { policy, now } = options;
  const probability = probabilityOf(inventory, graph, policy, options.maxBddNodes);
  let eventProbability: Float64Array | undefined;
  const dataSets: DataSetResult[] = [...inventory.stores.values()].map((s) => {
    const groups = riskGroups.get(s.id) ?? noRiskGroups(s.id);
    const loss = probability?.dataSets.get(s.id);
    const unavailable = probability?.unavailable.get(s.id);
    return {
      id: s.id,
      criticality: s.criticality,
      copies: 1 + (inventory.backupsOf.get(s.id)?.length ?? 0),
      independence: groups.independence,
      get riskGroups() {
        return groups.groups;
      },
      packedRiskGroups: groups,
      ...(loss ? { lossProbability: loss.lossProbability } : {}),
      ...(probability ? { riskGroupProbabilities: groupProbabilities(groups, (eventProbability ??= probabilityByEvent(graph, probability.eventProbability))) } : {}),
      ...(unavailable !== undefined ? { lossProbabilityUnavailable: unavailable } : {}),
    };
  });

  const base: Omit<RuleContext<unknown>, 'options'> = {
    inventory,
    graph,
    riskGroups,
    maxOrder: options.maxOrder,
    now,
    ...(options.terraform ? { terraform: options.terraform } : {}),
  };
  const raw: Finding[] = [];
  for (const rule of INVENTORY_RULES) {
    const settings = policy.rules.get(rule.id);
    if (settings && !settings.enabled) continue;
    raw.push(...runRule(rule, settings, inventory, (opts) => rule.check({ ...base, options: opts })));
  }

  raw.push(...(options.observed ?? []));

  const placed: PlacedWaiver[] = [
    ...inventory.waivers.map((waiver: Waiver) => ({ waiver, path: ['waivers', waiver.index] })),
    ...(options.waivers ?? []),
  ];
  const { findings, reviews } = applyWaivers(raw, placed, policy.waivers, now);
  for (const rule of WAIVER_RULES) {
    const settings = policy.rules.get(rule.id);
    if (settings && !settings.enabled) continue;
    findings.push(...runRule(rule, settings, inventory, (opts) => rule.checkWaivers({ reviews, limits: policy.waivers, options: opts, now })));
  }
  return {
    inventory,
    graph,
    maxOrder: options.maxOrder,
    dataSets,
    findings: sortFindings(findings),
    waivers: reviews,
    ...(probability ? { probability } : {}),
  };
}

/** Each event's probability by index (FaultGraph.events), as groupProbability reads them by id. */
function probabilityByEvent(graph: FaultGraph, byId: ReadonlyMap<string, number>): Float64Array {
  if (byId instanceof EventProbabilities && byId.graph === graph) return byId.byIndex;
  const out = new Float64Array(graph.events.length);
  for (let i = 0; i < out.length; i++) out[i] = byId.get(graph.events[i]!.id) ?? 0;
  return out;
}

/**
 * groupProbability of every group, read from the packed groups (no array of ids per group). The
 * arrays are read into locals once: this runs for every data set right after the probabilities,
 * mostly before V8 has optimised it, where each property read in the loop costs.
 */
function groupProbabilities(groups: DataSetRiskGroups, eventProbability: Float64Array): number[] {
  const { count, offsets, events } = groups;
  const out = new Array<number>(count);
  for (let i = 0, k = offsets[0]!; i < count; i++) {
    let p = 1;
    for (const end = offsets[i + 1]!; k < end; k++) p *= eventProbability[events[k]!]!;
    out[i] = p;
  }
  return out;
}

/** What the probability computation needs from an inventory and a policy; undefined when the policy sets no likelihoods. */
export function probabilityOptions(inventory: Inventory, graph: FaultGraph, policy: Policy, maxNodes?: number): ProbabilityOptions | undefined {
  if (!policy.likelihood) return undefined;
  return {
    policy: policy.name,
    eventProbability: eventLikelihoods(graph, inventory, policy.likelihood),
    isCritical: (id) => inventory.stores.get(id)?.criticality === 'critical',
    ...(maxNodes === undefined ? {} : { maxNodes }),
  };
}

/** Loss probabilities under the policy's likelihoods; the critical scope is the critical data sets. */
export function probabilityOf(inventory: Inventory, graph: FaultGraph, policy: Policy, maxNodes?: number): ProbabilityResult | undefined {
  const options = probabilityOptions(inventory, graph, policy, maxNodes);
  return options && analyseProbability(graph, options);
}

function runRule(
  rule: RuleMeta<unknown>,
  settings: RulePolicy | undefined,
  inventory: Inventory,
  check: (options: unknown) => FindingDraft[],
): Finding[] {
  let drafts: FindingDraft[];
  try {
    drafts = check(mergeOptions(rule.defaultOptions, settings?.options ?? {}));
  } catch (error) {
    // One broken rule must not take the run down: report it as a finding of its own.
    const reason = error instanceof Error ? error.message : String(error);
    const draft: FindingDraft = {
      subject: rule.id,
      severity: 'high',
      message: `rule ${rule.id} failed and its checks did not run: ${reason}`,
      remediation: 'Report this as a bug in bcaudit, with the inventory that triggers it.',
      path: [],
    };
    return [toFinding({ id: 'rule-error', defaultSeverity: 'high' }, draft, undefined, inventory)!];
  }
  return drafts.flatMap((d) => toFinding(rule, d, settings, inventory) ?? []);
}

function severityOf(rule: Pick<RuleMeta<unknown>, 'defaultSeverity'>, draft: FindingDraft, settings: RulePolicy | undefined): Severity | 'off' {
  if (draft.note) return 'info';
  const setting = settings?.severity;
  let severity: Severity | 'off';
  if (typeof setting === 'string') severity = setting;
  else if (draft.criticality !== undefined) severity = setting ? setting[draft.criticality] : SEVERITY_BY_CRITICALITY[draft.criticality];
  else severity = draft.severity ?? rule.defaultSeverity;
  if (severity === 'off' || !draft.escalate) return severity;
  // SEVERITIES runs from worst to mildest: one step worse is one place earlier.
  return SEVERITIES[Math.max(0, SEVERITIES.indexOf(severity) - 1)]!;
}

function toFinding(
  rule: Pick<RuleMeta<unknown>, 'id' | 'defaultSeverity'>,
  draft: FindingDraft,
  settings: RulePolicy | undefined,
  inventory: Inventory,
): Finding | undefined {
  const severity = severityOf(rule, draft, settings);
  if (severity === 'off') return undefined;
  return new RuleFinding(
    [rule.id, draft.subject, ...(draft.detail === undefined ? [] : [draft.detail])].join('/'),
    rule.id,
    severity,
    draft.message,
    draft.remediation,
    draft.pos ?? inventory.locate(draft.path),
    draft.path,
    draft.events ?? [],
    draft.dataSets ?? [],
  );
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
