// `check --format sarif`: SARIF 2.1.0 for code scanning, each result located at its inventory line.
import { isAbsolute, relative, sep } from 'node:path';
import { fingerprint } from '../policy/baseline.js';
import { RULES } from '../rules/index.js';
import type { Finding, RuleDocs, Severity } from '../rules/types.js';
import { allFindings, type FormatContext, type Formatter } from './types.js';
import { jsonPieces, LazyJsonArray } from './jsonStream.js';
import { joinPieces } from './pieces.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://github.com/bcaudit/bcaudit';

type Level = 'error' | 'warning' | 'note';

const LEVEL: Record<Severity, Level> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };

/** GitHub code scanning ranks security results by this score (0.1–10). */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0' };

/** Rules that are not in the registry but can appear in results. */
const EXTRA_RULES: SarifRuleMeta[] = [
  {
    id: 'rule-error',
    title: 'A rule failed to run',
    docs: { checks: 'A rule threw an error; its checks did not run.', why: 'A silent gap in the audit.', fix: 'Report the bug with the inventory.' },
    defaultSeverity: 'high',
  },
];

function artifactUri(file: string, cwd: string | undefined): string {
  const path = isAbsolute(file) && cwd !== undefined ? relative(cwd, file) : file;
  return path.split(sep).join('/');
}

/** What SARIF needs to know of a rule: its id, title, usual severity and documentation. */
export interface SarifRuleMeta {
  id: string;
  title: string;
  defaultSeverity: Severity;
  docs: RuleDocs;
}

export interface SarifRun {
  rules: readonly SarifRuleMeta[];
  findings: readonly Finding[];
  toolVersion: string;
  /** Working directory, to make absolute inventory paths relative. */
  cwd?: string;
  automationId: string;
  tags: readonly string[];
  /** Whether a baseline was applied: results then carry `baselineState`. */
  baseline?: boolean;
  invocations?: readonly object[];
  properties: Record<string, unknown>;
}

/** A SARIF 2.1.0 log of one run: rule descriptors, and every finding located at its inventory line. */
export function sarifLog(run: SarifRun): string {
  return joinPieces(sarifLogPieces(run));
}

/** sarifLog in pieces, each result built as it is written. */
export function* sarifLogPieces(run: SarifRun): Generator<string> {
  const ruleIndex = new Map(run.rules.map((r, i) => [r.id, i]));
  const sarifRules = run.rules.map((r) => ({
    id: r.id,
    name: toPascalCase(r.id),
    shortDescription: { text: r.title },
    fullDescription: { text: r.docs.checks },
    help: {
      text: `${r.docs.checks}\n\nWhy it matters: ${r.docs.why}\n\nHow to fix: ${r.docs.fix}`,
      markdown: `${r.docs.checks}\n\n**Why it matters:** ${r.docs.why}\n\n**How to fix:** ${r.docs.fix}`,
    },
    defaultConfiguration: { level: LEVEL[r.defaultSeverity], enabled: true },
    properties: { tags: [...run.tags], 'security-severity': SECURITY_SEVERITY[r.defaultSeverity] },
  }));
  // Unknown rule ids (e.g. from a newer bcaudit) still get a descriptor so every ruleIndex is valid.
  for (const id of [...new Set(run.findings.map((f) => f.rule))].filter((id) => !ruleIndex.has(id)).sort()) {
    ruleIndex.set(id, sarifRules.length);
    sarifRules.push({
      id,
      name: toPascalCase(id),
      shortDescription: { text: id },
      fullDescription: { text: id },
      help: { text: id, markdown: id },
      defaultConfiguration: { level: 'warning', enabled: true },
      properties: { tags: [...run.tags], 'security-severity': SECURITY_SEVERITY.medium },
    });
  }

  const results = new LazyJsonArray(run.findings, (f) => ({
    ruleId: f.rule,
    ruleIndex: ruleIndex.get(f.rule)!,
    level: LEVEL[f.severity],
    message: { text: `${f.message} Fix: ${f.remediation}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: artifactUri(f.pos.file, run.cwd) },
          region: { startLine: f.pos.line, startColumn: f.pos.column },
        },
      },
    ],
    partialFingerprints: { 'bcauditFindingId/v1': fingerprint(f.id) },
    ...(run.baseline ? { baselineState: f.suppression?.kind === 'baseline' ? 'unchanged' : 'new' } : {}),
    properties: {
      findingId: f.id,
      severity: f.severity,
      'security-severity': SECURITY_SEVERITY[f.severity],
      remediation: f.remediation,
      events: f.events,
      datasets: f.dataSets,
    },
    ...(f.suppression
      ? {
          suppressions: [
            {
              kind: 'external',
              status: 'accepted',
              justification: f.suppression.justification,
              properties: {
                kind: f.suppression.kind,
                ...(f.suppression.owner ? { owner: f.suppression.owner } : {}),
                ...(f.suppression.expires ? { expires: f.suppression.expires } : {}),
              },
            },
          ],
        }
      : {}),
  }));

  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'bcaudit',
            semanticVersion: run.toolVersion,
            version: run.toolVersion,
            informationUri: INFORMATION_URI,
            rules: sarifRules,
          },
        },
        automationDetails: { id: run.automationId },
        // yaml counts columns in UTF-16 code units, as JavaScript strings do.
        columnKind: 'utf16CodeUnits',
        ...(run.invocations ? { invocations: run.invocations } : {}),
        results,
        properties: run.properties,
      },
    ],
  };
  yield* jsonPieces(log);
  yield '\n';
}

/** The `check --format sarif` log in pieces. */
export const sarifDocumentPieces = (ctx: FormatContext): Generator<string> =>
  sarifLogPieces({
    rules: [...RULES, ...EXTRA_RULES],
    findings: allFindings(ctx),
    toolVersion: ctx.toolVersion,
    ...(ctx.cwd === undefined ? {} : { cwd: ctx.cwd }),
    automationId: `bcaudit/${ctx.policyName}/`,
    tags: ['backup', 'resilience', 'security'],
    baseline: ctx.baseline !== undefined,
    properties: { maxOrder: ctx.results[0]?.maxOrder, policy: ctx.policyName, now: ctx.now },
  });

export const formatSarif: Formatter = (ctx) => joinPieces(sarifDocumentPieces(ctx));

function toPascalCase(id: string): string {
  return id
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}
