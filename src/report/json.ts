// `check --format json`: the versioned contract other tools build on (DESIGN §5, README "JSON output").
//
// One inventory gives exactly the documented document. Several give
// `{ version, tool, inventories: [<document without version and tool>...], summary }`.
import type { AuditResult } from '../audit.js';
import { fixFirst, type LossAnalysis } from '../model/lossFigures.js';
import { failsRun } from '../policy/gate.js';
import { SEVERITIES, type Finding, type Severity } from '../rules/types.js';
import type { FormatContext, Formatter } from './types.js';
import { ImportanceJson } from './importanceJson.js';
import { joinPieces } from './pieces.js';
import { jsonPieces, LazyJsonArray } from './jsonStream.js';
import { NumbersJson, NumberTexts, QuotedEvents, RiskGroupsJson } from './riskGroupsJson.js';

/** 2 added loss probabilities and importance (README "JSON output", changelog there); nothing of 1 changed. */
export const JSON_FORMAT_VERSION = 2;

/** How many "fix first" events the JSON lists. */
export const FIX_FIRST_COUNT = 5;

function summaryOf(results: readonly AuditResult[], ctx: FormatContext) {
  const findings: Finding[] = results.flatMap((r) => r.findings);
  const dataSets = results.flatMap((r) => r.dataSets);
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) if (!f.suppression) bySeverity[f.severity]++;
  return {
    datasets: dataSets.length,
    singlePointsOfFailure: dataSets.filter((d) => d.independence === 1).length,
    findings: bySeverity,
    suppressed: findings.filter((f) => f.suppression).length,
    failOn: ctx.failOn,
    failing: findings.filter((f) => failsRun(f, ctx.failOn)).length,
  };
}

/** A finding as the JSON contract spells it (also used by `verify --format json`). */
export function findingJson(f: Finding) {
  return {
    id: f.id,
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    remediation: f.remediation,
    location: { file: f.pos.file, line: f.pos.line, column: f.pos.column },
    events: f.events,
    datasets: f.dataSets,
    suppressed: f.suppression ?? null,
  };
}

function inventoryDocument(result: AuditResult, ctx: FormatContext) {
  const inv = result.inventory;
  const quoted = new QuotedEvents(result.graph.events.map((e) => e.id));
  const numbers = new NumberTexts();
  const quoteEvent = (id: string) => quoted.quote(result.graph.eventIndex.get(id)!);
  const shown = (count: number) => (ctx.top === undefined ? count : Math.min(count, ctx.top));
  return {
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
    // Data sets and findings are built one batch at a time as they are written (jsonStream).
    datasets: new LazyJsonArray(result.dataSets, (d) => ({
      id: d.id,
      criticality: d.criticality,
      copies: d.copies,
      independence: d.independence,
      lossProbability: d.lossProbability ?? null,
      riskGroupCount: d.packedRiskGroups.count,
      // Written from the packed groups (riskGroupsJson.ts): no array of ids per group.
      riskGroups: new RiskGroupsJson(d.packedRiskGroups, shown(d.packedRiskGroups.count), quoted),
      riskGroupProbabilities:
        d.riskGroupProbabilities === undefined
          ? null
          : new NumbersJson(ctx.top === undefined ? d.riskGroupProbabilities : d.riskGroupProbabilities.slice(0, ctx.top), numbers),
      importance: importanceJson(result.probability?.dataSets.get(d.id), quoteEvent, numbers),
      probabilityUnavailable: d.lossProbabilityUnavailable ?? null,
    })),
    probability: probabilityJson(result, quoteEvent, numbers),
    findings: new LazyJsonArray(result.findings, findingJson),
    waivers: result.waivers.map((w) => ({
      finding: w.waiver.finding,
      owner: w.waiver.owner,
      expires: w.waiver.expires,
      effectiveExpires: w.effectiveExpires,
      active: w.active,
      expired: w.expired,
      overRenewed: w.overRenewed,
      tooLong: w.tooLong,
      matches: w.matches.length,
    })),
    summary: summaryOf([result], ctx),
  };
}

function importanceJson(analysis: LossAnalysis | undefined, quote: (event: string) => string, numbers: NumberTexts) {
  return analysis === undefined ? null : new ImportanceJson(analysis.importance, quote, numbers);
}

/** Over the critical data (or all data, without any critical): what the policy's likelihoods give. */
function probabilityJson(result: AuditResult, quote: (event: string) => string, numbers: NumberTexts) {
  const p = result.probability;
  if (!p) return null;
  return {
    policy: p.policy,
    scope: p.scope,
    lossProbability: p.critical?.lossProbability ?? null,
    fixFirst: fixFirst(p, FIX_FIRST_COUNT),
    importance: importanceJson(p.critical ?? undefined, quote, numbers),
    unavailable: p.criticalUnavailable,
  };
}

function baselineDocument(ctx: FormatContext) {
  const b = ctx.baseline;
  if (!b) return {};
  return { baseline: { file: b.file, new: b.added, unchanged: b.unchanged, fixed: b.fixed.map((e) => ({ file: e.file, id: e.id })) } };
}

/** The `check --format json` document in pieces, for writing as it is made. */
export function* jsonDocumentPieces(ctx: FormatContext): Generator<string> {
  const head = { version: JSON_FORMAT_VERSION, tool: { name: 'bcaudit', version: ctx.toolVersion } };
  const document =
    ctx.results.length === 1
      ? (() => {
          const single = inventoryDocument(ctx.results[0]!, ctx);
          return { ...head, ...single, summary: { ...single.summary, ...baselineDocument(ctx) } };
        })()
      : {
          ...head,
          inventories: ctx.results.map((r) => inventoryDocument(r, ctx)),
          summary: { inventories: ctx.results.length, ...summaryOf(ctx.results, ctx), ...baselineDocument(ctx) },
        };
  yield* jsonPieces(document);
  yield '\n';
}

export const formatJson: Formatter = (ctx) => joinPieces(jsonDocumentPieces(ctx));
