// Formatters of `verify` results (text, json, sarif) and its exit code. Pure.
import type { Inventory } from '../inventory/types.js';
import { failsRun } from '../policy/gate.js';
import { paintSeverity, palette } from '../report/colors.js';
import { jsonSafe, plain } from '../report/sanitize.js';
import { findingJson } from '../report/json.js';
import { sarifLog } from '../report/sarif.js';
import type { FailOn } from '../report/types.js';
import { SEVERITIES, type Finding, type Severity } from '../rules/types.js';
import type { Listing, Observation, ObservationsFile, S3BucketObservation, SshHostObservation } from './observations.js';
import { INCOMPLETE_RULES, VERIFY_RULES, type VerifyRuleId } from './rules.js';

export const VERIFY_JSON_VERSION = 1;

export interface VerifyResult {
  inventory: Inventory;
  observations: ObservationsFile;
  findings: Finding[];
}

export interface VerifyFormatContext {
  result: VerifyResult;
  failOn: FailOn;
  color: 0 | 1 | 2 | 3;
  toolVersion: string;
  /** Working directory, to make absolute inventory paths relative in SARIF. */
  cwd?: string;
}

export type VerifyFormatter = (ctx: VerifyFormatContext) => string;

/** 3 when a probe could not complete (DESIGN §5), else 1 for findings at or above --fail-on, else 0. */
export function verifyExitCode(findings: readonly Finding[], failOn: FailOn): 0 | 1 | 3 {
  if (findings.some((f) => INCOMPLETE_RULES.has(f.rule as VerifyRuleId) && !f.suppression)) return 3;
  return findings.some((f) => failsRun(f, failOn)) ? 1 : 0;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function counts(observations: readonly Observation[]) {
  const c = { total: observations.length, complete: 0, partial: 0, failed: 0, skipped: 0 };
  for (const o of observations) c[o.status]++;
  return c;
}

function bySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const result = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) if (!f.suppression) result[f.severity]++;
  return result;
}

export const formatVerifyText: VerifyFormatter = (ctx) => {
  const c = palette(ctx.color);
  const { observations: obs, findings, inventory } = ctx.result;
  const seconds = (Date.parse(obs.finishedAt) - Date.parse(obs.startedAt)) / 1000;
  const lines: string[] = [];
  const title = [inventory.name ? plain(inventory.name) : undefined, plain(inventory.file), `${plural(obs.observations.length, 'probe')} in ${seconds.toFixed(1)} s`];
  lines.push(`${c.bold('bcaudit verify')} · ${title.filter(Boolean).join(' · ')}`, '');

  const withFindings = new Set(findings.map((f) => f.path[1]).filter((s): s is string => typeof s === 'string'));
  const mark = (o: Observation) => {
    if (o.status === 'skipped') return c.dim('-');
    if (o.status !== 'complete') return c.red('✗');
    return withFindings.has(o.subject) ? c.yellow('!') : c.green('✓');
  };
  const groups: [string, Observation['probe']][] = [
    ['AWS accounts (STS)', 'aws-account'],
    ['S3-compatible accounts', 's3-account'],
    ['Buckets (S3)', 's3-bucket'],
    ['Hosts (SSH/SFTP)', 'ssh-host'],
  ];
  const finishedAt = Date.parse(obs.finishedAt);
  for (const [heading, probe] of groups) {
    const of = obs.observations.filter((o) => o.probe === probe);
    if (of.length === 0) continue;
    lines.push(c.bold(heading));
    for (const o of of) lines.push(`  ${mark(o)} ${plain(o.subject)}  ${c.dim(plain(describe(o, finishedAt)))}`);
    lines.push('');
  }

  if (findings.length > 0) {
    lines.push(c.bold('Findings'));
    for (const f of findings) {
      lines.push(
        `  ${paintSeverity(c, f.severity, f.severity.toUpperCase().padEnd(8))} ${plain(f.message)}`,
        c.dim(`           ${f.pos.file}:${f.pos.line}:${f.pos.column} · ${f.id}`),
        `           ${c.green('fix:')} ${plain(f.remediation)}`,
      );
    }
    lines.push('');
  }

  const n = counts(obs.observations);
  const states = (['complete', 'partial', 'failed', 'skipped'] as const).filter((s) => n[s] > 0).map((s) => `${n[s]} ${s}`);
  const sev = bySeverity(findings);
  const findingText =
    findings.length === 0
      ? 'no findings'
      : `findings: ${SEVERITIES.filter((s) => sev[s] > 0)
          .map((s) => paintSeverity(c, s, `${sev[s]} ${s}`))
          .join(', ')}`;
  const code = verifyExitCode(findings, ctx.failOn);
  const verdict =
    code === 3
      ? c.red('some probes could not complete: exit 3')
      : code === 1
        ? c.red(`${plural(findings.filter((f) => failsRun(f, ctx.failOn)).length, 'finding')} at or above ${ctx.failOn}: failing`)
        : ctx.failOn === 'never'
          ? 'not failing on findings (--fail-on never)'
          : c.green(`nothing at or above ${ctx.failOn}: passing`);
  lines.push(`${c.bold('Summary:')} ${plural(n.total, 'probe')} (${states.join(', ')}); ${findingText}. ${verdict}.`);
  return `${lines.join('\n')}\n`;
};

/** One line of what a probe saw. */
function describe(o: Observation, finishedAt: number): string {
  if (o.status === 'skipped') return `not checked: ${o.skippedBecause ?? 'a probe it depends on'} failed`;
  const parts: string[] = [];
  switch (o.probe) {
    case 'aws-account':
      parts.push(o.via.roleArn ? `role ${o.via.roleArn}` : o.via.profile ? `profile ${o.via.profile}` : 'default credentials');
      if (o.caller) parts.push(`reaches account ${o.caller.account} as ${o.caller.arn}`);
      break;
    case 's3-account':
      parts.push(`${o.via.roleArn ? `role ${o.via.roleArn}` : o.via.profile ? `profile ${o.via.profile}` : 'default credentials'} at ${o.endpoint}`);
      if (o.caller) parts.push(`reaches owner ${o.caller.ownerId}${o.caller.displayName ? ` (${o.caller.displayName})` : ''}`);
      break;
    case 's3-bucket':
      parts.push(`s3://${o.bucket}/${o.prefix}${o.endpoint ? ` at ${o.endpoint}` : ''}`, ...bucketFacts(o, finishedAt));
      break;
    case 'ssh-host':
      parts.push(`${o.user}@${o.host}:${o.port}:${o.path}`, ...hostFacts(o, finishedAt));
      break;
  }
  const failed = o.problems.filter((p) => p.kind !== 'unsupported').length;
  const unsupported = o.problems.length - failed;
  if (failed > 0) parts.push(`${plural(failed, 'call')} failed`);
  if (unsupported > 0) parts.push(`${plural(unsupported, 'check')} not possible here`);
  return parts.join(' · ');
}

function bucketFacts(o: S3BucketObservation, finishedAt: number): string[] {
  const facts: string[] = [];
  if (o.owner) {
    facts.push(
      o.owner.result === 'match'
        ? `owner ${o.owner.expected}`
        : o.owner.result === 'mismatch'
          ? `owner NOT ${o.owner.expected}${o.owner.actual ? ` (it is ${o.owner.actual})` : ''}`
          : o.owner.result === 'unverifiable'
            ? `owner ${o.owner.expected} unverifiable here`
            : 'owner unknown',
    );
  }
  if (o.region) facts.push(o.region);
  if (o.versioning) facts.push(`versioning ${o.versioning}`);
  if (o.objectLock) {
    facts.push(
      !o.objectLock.enabled
        ? 'no object lock'
        : o.objectLock.mode
          ? `object lock ${o.objectLock.mode}${o.objectLock.days !== null ? ` ${o.objectLock.days}d` : o.objectLock.years !== null ? ` ${o.objectLock.years}y` : ''}`
          : 'object lock without default retention',
    );
  }
  if (o.replication) {
    facts.push(
      o.replication.rules.length === 0
        ? 'no replication'
        : `replication to ${o.replication.rules.map((r) => `${r.destinationBucket}${r.destinationAccount ? ` (account ${r.destinationAccount})` : ''}${r.status === 'Enabled' ? '' : ` [${r.status}]`}`).join(', ')}`,
    );
  }
  if (o.encryption) {
    facts.push(
      o.encryption.algorithm === 'none'
        ? 'no default encryption'
        : `${o.encryption.algorithm}${o.encryption.kmsKeyAccount ? ` (key in ${o.encryption.kmsKeyAccount})` : o.encryption.kmsKeyId ? ` (key ${o.encryption.kmsKeyId})` : ''}`,
    );
  }
  if (o.objects) facts.push(listingFact(o.objects, 'object', finishedAt));
  return facts;
}

function hostFacts(o: SshHostObservation, finishedAt: number): string[] {
  const facts: string[] = [];
  if (o.hostKey) facts.push(`host key ${o.hostKey.presented ?? '?'} ${o.hostKey.result === 'match' ? 'matches' : o.hostKey.result}`);
  if (o.files) facts.push(o.files.missing ? 'path missing' : listingFact(o.files, 'file', finishedAt));
  if (o.space) facts.push(`${bytes(o.space.availableBytes)} free of ${bytes(o.space.totalBytes)}`);
  return facts;
}

function listingFact(listing: Listing, noun: string, finishedAt: number): string {
  const count = `${listing.truncated ? 'at least ' : ''}${plural(listing.listed, noun)}`;
  if (listing.newest === null) return count;
  return `${count}, newest ${age(finishedAt - Date.parse(listing.newest))} old`;
}

function age(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s >= 2 * 86_400) return `${Math.floor(s / 86_400)}d`;
  if (s >= 2 * 3600) return `${Math.floor(s / 3600)}h`;
  if (s >= 120) return `${Math.floor(s / 60)}m`;
  return `${s}s`;
}

function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

export const formatVerifyJson: VerifyFormatter = (ctx) => {
  const { observations: obs, findings, inventory } = ctx.result;
  const document = {
    version: VERIFY_JSON_VERSION,
    tool: { name: 'bcaudit', version: ctx.toolVersion },
    inventory: { file: inventory.file, name: inventory.name ?? null },
    observations: obs,
    findings: findings.map(findingJson),
    summary: {
      probes: counts(obs.observations),
      findings: bySeverity(findings),
      failOn: ctx.failOn,
      failing: findings.filter((f) => failsRun(f, ctx.failOn)).length,
      incomplete: findings.filter((f) => INCOMPLETE_RULES.has(f.rule as VerifyRuleId)).length,
      exitCode: verifyExitCode(findings, ctx.failOn),
    },
  };
  return `${jsonSafe(JSON.stringify(document, null, 2))}\n`;
};

/** SARIF 2.1.0 in the shape of `check --format sarif`, with the verify findings as rules. */
export const formatVerifySarif: VerifyFormatter = (ctx) => {
  const { findings, observations: obs } = ctx.result;
  return sarifLog({
    rules: VERIFY_RULES,
    findings,
    toolVersion: ctx.toolVersion,
    ...(ctx.cwd === undefined ? {} : { cwd: ctx.cwd }),
    automationId: 'bcaudit/verify/',
    tags: ['backup', 'resilience', 'security', 'live-check'],
    invocations: [{ executionSuccessful: verifyExitCode(findings, ctx.failOn) !== 3, startTimeUtc: obs.startedAt, endTimeUtc: obs.finishedAt }],
    properties: { probes: counts(obs.observations) },
  });
};

export const VERIFY_FORMATS = {
  text: formatVerifyText,
  json: formatVerifyJson,
  sarif: formatVerifySarif,
} satisfies Record<string, VerifyFormatter>;

export type VerifyFormat = keyof typeof VERIFY_FORMATS;
