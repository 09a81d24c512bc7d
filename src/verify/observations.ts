// What `verify` observed, and when: the versioned record written by `verify --observations-out`
// and read back by `check --observations` / `report --observations` (docs/verify.md).
//
// An observation records facts only (what the server said), never the inventory's claims, so
// the same record can be judged again against a later version of the inventory:
// `observationFindings` (src/verify/findings.ts) is that judgement, and `verify` itself uses it.
// Pure: no I/O here.
import type { Problem } from '../inventory/problem.js';

export const OBSERVATIONS_FORMAT = 'bcaudit-observations';
export const OBSERVATIONS_VERSION = 2;
/** Versions this bcaudit reads: 1 had no `s3-account` probe, no `unsupported` problems, no `unverifiable` owner. */
const READABLE_VERSIONS: readonly number[] = [1, 2];

/**
 * Why a probe (or one call of it) could not complete. `unsupported`: the endpoint answered, but
 * does not offer the call, ignores what the check relies on, or answered in a shape that proves
 * nothing (an S3-compatible provider that is not AWS); the claim is unverifiable there.
 */
export type ProblemKind = 'unreachable' | 'denied' | 'timeout' | 'unsupported';

export interface ProbeProblem {
  kind: ProblemKind;
  /** The call that failed: `GetBucketVersioning`, `AssumeRole`, `connect`, `authenticate`, `readdir`, ... */
  operation: string;
  /** The underlying reason in a few words, e.g. `AccessDenied (403): Access Denied`. Never holds a credential. */
  reason: string;
  /** The IAM action the call needs, when the reason is a refusal by AWS. */
  permission?: string;
}

/**
 * complete: every call answered; partial: some calls failed (see problems); failed: nothing
 * useful was observed; skipped: not attempted because a probe it depends on failed.
 */
export type ProbeStatus = 'complete' | 'partial' | 'failed' | 'skipped';

export interface ProbeBase {
  /** The inventory id of the account, target or store probed. */
  subject: string;
  section: 'accounts' | 'targets' | 'stores';
  status: ProbeStatus;
  /** ISO 8601 instants. Ages (staleness) are measured from `finishedAt`. */
  startedAt: string;
  finishedAt: string;
  problems: ProbeProblem[];
  /** For `skipped`: the probe whose failure stopped this one, e.g. `accounts/aws-backup`. */
  skippedBecause?: string;
}

export interface AwsAccountObservation extends ProbeBase {
  probe: 'aws-account';
  section: 'accounts';
  /** How the account was reached (never the credentials themselves, nor the external id). */
  via: { profile: string | null; roleArn: string | null; externalId: boolean };
  /** What STS GetCallerIdentity answered; null when it did not. */
  caller: { account: string; arn: string } | null;
}

/** An account at an S3-compatible provider that is not AWS (inventory `s3:`). */
export interface S3AccountObservation extends ProbeBase {
  probe: 's3-account';
  section: 'accounts';
  endpoint: string;
  /** How the account was reached (never the credentials themselves). */
  via: { profile: string | null; roleArn: string | null };
  /** The owner ListBuckets names for the credentials; null when it did not answer with one. */
  caller: { ownerId: string; displayName: string | null } | null;
}

export interface S3ObjectLock {
  enabled: boolean;
  /** Default retention mode; null when Object Lock is off or has no default retention. */
  mode: 'governance' | 'compliance' | null;
  days: number | null;
  years: number | null;
}

export interface S3ReplicationRule {
  id: string | null;
  status: string;
  /** Destination bucket ARN, as configured. */
  destinationBucket: string;
  destinationAccount: string | null;
}

export interface S3Encryption {
  /** `AES256`, `aws:kms`, `aws:kms:dsse`, or `none` when the bucket has no default encryption. */
  algorithm: string;
  kmsKeyId: string | null;
  /** The account named by the KMS key ARN; null for a bare key id or alias (then: the bucket owner's account). */
  kmsKeyAccount: string | null;
}

export interface Listing {
  /** Files or objects seen (directories and prefixes not counted). */
  listed: number;
  /** Modification time of the newest one; null when none was seen. */
  newest: string | null;
  /** The bound (--max-entries, --max-depth) stopped the listing: a newer one may exist further on. */
  truncated: boolean;
}

export interface S3BucketObservation extends ProbeBase {
  probe: 's3-bucket';
  section: 'targets' | 'stores';
  bucket: string;
  prefix: string;
  /** Custom endpoint (S3-compatible providers); null for AWS's own. */
  endpoint: string | null;
  /**
   * The claimed owner (an AWS account id, or the `s3.owner_id` of a non-AWS account) against the
   * bucket: match (HeadBucket with ExpectedBucketOwner = `expected` answered while one with an
   * owner that cannot be right was refused, or GetBucketAcl names `expected`), mismatch (refused
   * with it, answered without it; or GetBucketAcl names another owner), unknown (refused either
   * way), unverifiable (the endpoint ignores ExpectedBucketOwner and no ACL owner could be
   * compared; a problem of kind `unsupported` says why). `actual` when the real owner is known.
   * Null when no owner was claimed for the bucket.
   */
  owner: { expected: string; result: 'match' | 'mismatch' | 'unknown' | 'unverifiable'; actual: string | null } | null;
  /** From GetBucketLocation, normalised (empty → us-east-1, EU → eu-west-1). Null: not observed. */
  region: string | null;
  versioning: 'enabled' | 'suspended' | 'off' | null;
  objectLock: S3ObjectLock | null;
  replication: { rules: S3ReplicationRule[] } | null;
  encryption: S3Encryption | null;
  objects: Listing | null;
}

export interface SshHostObservation extends ProbeBase {
  probe: 'ssh-host';
  section: 'targets' | 'stores';
  host: string;
  port: number;
  user: string;
  path: string;
  /**
   * The key the server presented and how it compared with the pin: a SHA256 fingerprint
   * (`expected` is the pin) or a known_hosts file (`expected` is its path). `not-listed`: the
   * known_hosts file has no key for the host; `revoked`: it lists the key as @revoked.
   */
  hostKey: {
    presented: string | null;
    algorithm: string | null;
    pinnedBy: 'fingerprint' | 'known_hosts';
    expected: string;
    result: 'match' | 'mismatch' | 'not-listed' | 'revoked';
  } | null;
  /** `missing`: the path does not exist. */
  files: (Listing & { missing: boolean; unreadableDirectories: number }) | null;
  /** From the statvfs@openssh.com extension; null when the server does not offer it. */
  space: { availableBytes: number; totalBytes: number } | null;
}

export type Observation = AwsAccountObservation | S3AccountObservation | S3BucketObservation | SshHostObservation;

export interface VerifySettings {
  timeoutSeconds: number;
  deadlineSeconds: number;
  concurrency: number;
  /** Staleness allowance: a copy is stale when older than `every` × slack. */
  slack: number;
  maxEntries: number;
  maxDepth: number;
}

export interface ObservationsFile {
  format: typeof OBSERVATIONS_FORMAT;
  /** The writer writes OBSERVATIONS_VERSION; version 1 records read the same (they lack only what came later). */
  version: 1 | typeof OBSERVATIONS_VERSION;
  tool: { name: 'bcaudit'; version: string };
  inventory: { file: string; name: string | null };
  startedAt: string;
  finishedAt: string;
  settings: VerifySettings;
  /** Probes in a stable order: accounts, then buckets, then SSH hosts, each by subject. */
  observations: Observation[];
}

export type ParseObservationsResult = { ok: true; observations: ObservationsFile } | { ok: false; problems: Problem[] };

/** Reads an observations file; every problem is reported, with the JSON path of the value concerned. */
export function parseObservations(text: string, file: string): ParseObservationsResult {
  const at = { file, line: 1, column: 1 };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, problems: [{ pos: at, message: `not an observations file: the JSON does not parse (${reason})` }] };
  }
  const problems: string[] = [];
  const check = new Checker(problems);
  if (!isObject(data)) return fail(file, ['not an observations file: expected a JSON object']);
  if (data.format !== OBSERVATIONS_FORMAT) {
    return fail(file, [`not an observations file: "format" must be "${OBSERVATIONS_FORMAT}" (write one with \`bcaudit verify --observations-out FILE\`)`]);
  }
  if (typeof data.version !== 'number' || !READABLE_VERSIONS.includes(data.version)) {
    const newer = typeof data.version === 'number' && data.version > OBSERVATIONS_VERSION;
    return fail(file, [
      newer
        ? `observations format version ${String(data.version)} was written by a newer bcaudit; this one reads version ${OBSERVATIONS_VERSION}`
        : `"version" must be ${READABLE_VERSIONS.join(' or ')}`,
    ]);
  }
  check.object(data, '', ['format', 'version', 'tool', 'inventory', 'startedAt', 'finishedAt', 'settings', 'observations']);
  if (check.object(data.tool, 'tool', ['name', 'version'])) {
    const tool = data.tool as Record<string, unknown>;
    check.oneOf(tool.name, 'tool.name', ['bcaudit']);
    check.string(tool.version, 'tool.version');
  }
  if (check.object(data.inventory, 'inventory', ['file', 'name'])) {
    const inv = data.inventory as Record<string, unknown>;
    check.string(inv.file, 'inventory.file');
    check.stringOrNull(inv.name, 'inventory.name');
  }
  check.instant(data.startedAt, 'startedAt');
  check.instant(data.finishedAt, 'finishedAt');
  if (check.object(data.settings, 'settings', ['timeoutSeconds', 'deadlineSeconds', 'concurrency', 'slack', 'maxEntries', 'maxDepth'])) {
    const s = data.settings as Record<string, unknown>;
    for (const key of ['timeoutSeconds', 'deadlineSeconds', 'concurrency', 'slack', 'maxEntries', 'maxDepth']) check.number(s[key], `settings.${key}`);
  }
  if (!Array.isArray(data.observations)) problems.push('observations: expected a list');
  else data.observations.forEach((o, i) => checkObservation(check, o, `observations[${i}]`));
  if (problems.length > 0) return fail(file, problems);
  return { ok: true, observations: data as unknown as ObservationsFile };
}

function fail(file: string, messages: string[]): ParseObservationsResult {
  return { ok: false, problems: messages.map((message) => ({ pos: { file, line: 1, column: 1 }, message })) };
}

const BASE_KEYS = ['probe', 'subject', 'section', 'status', 'startedAt', 'finishedAt', 'problems', 'skippedBecause'];

function checkObservation(check: Checker, o: unknown, path: string): void {
  if (!isObject(o)) {
    check.problems.push(`${path}: expected an object`);
    return;
  }
  const probe = o.probe;
  const extra =
    probe === 'aws-account' || probe === 's3-account'
      ? probe === 's3-account'
        ? ['endpoint', 'via', 'caller']
        : ['via', 'caller']
      : probe === 's3-bucket'
        ? ['bucket', 'prefix', 'endpoint', 'owner', 'region', 'versioning', 'objectLock', 'replication', 'encryption', 'objects']
        : probe === 'ssh-host'
          ? ['host', 'port', 'user', 'path', 'hostKey', 'files', 'space']
          : undefined;
  if (extra === undefined) {
    check.problems.push(`${path}.probe: expected one of "aws-account", "s3-account", "s3-bucket", "ssh-host"`);
    return;
  }
  check.object(o, path, [...BASE_KEYS, ...extra], ['skippedBecause']);
  check.string(o.subject, `${path}.subject`);
  check.oneOf(o.section, `${path}.section`, probe === 'aws-account' || probe === 's3-account' ? ['accounts'] : ['targets', 'stores']);
  check.oneOf(o.status, `${path}.status`, ['complete', 'partial', 'failed', 'skipped']);
  check.instant(o.startedAt, `${path}.startedAt`);
  check.instant(o.finishedAt, `${path}.finishedAt`);
  if ('skippedBecause' in o) check.string(o.skippedBecause, `${path}.skippedBecause`);
  if (!Array.isArray(o.problems)) check.problems.push(`${path}.problems: expected a list`);
  else {
    o.problems.forEach((p, i) => {
      const at = `${path}.problems[${i}]`;
      if (!check.object(p, at, ['kind', 'operation', 'reason', 'permission'], ['permission'])) return;
      const problem = p as Record<string, unknown>;
      check.oneOf(problem.kind, `${at}.kind`, ['unreachable', 'denied', 'timeout', 'unsupported']);
      check.string(problem.operation, `${at}.operation`);
      check.string(problem.reason, `${at}.reason`);
      if ('permission' in problem) check.string(problem.permission, `${at}.permission`);
    });
  }
  if (probe === 'aws-account') {
    if (check.object(o.via, `${path}.via`, ['profile', 'roleArn', 'externalId'])) {
      const via = o.via as Record<string, unknown>;
      check.stringOrNull(via.profile, `${path}.via.profile`);
      check.stringOrNull(via.roleArn, `${path}.via.roleArn`);
      check.boolean(via.externalId, `${path}.via.externalId`);
    }
    if (o.caller !== null && check.object(o.caller, `${path}.caller`, ['account', 'arn'])) {
      const caller = o.caller as Record<string, unknown>;
      check.accountId(caller.account, `${path}.caller.account`);
      check.string(caller.arn, `${path}.caller.arn`);
    }
    return;
  }
  if (probe === 's3-account') {
    check.string(o.endpoint, `${path}.endpoint`);
    if (check.object(o.via, `${path}.via`, ['profile', 'roleArn'])) {
      const via = o.via as Record<string, unknown>;
      check.stringOrNull(via.profile, `${path}.via.profile`);
      check.stringOrNull(via.roleArn, `${path}.via.roleArn`);
    }
    if (o.caller !== null && check.object(o.caller, `${path}.caller`, ['ownerId', 'displayName'])) {
      const caller = o.caller as Record<string, unknown>;
      check.string(caller.ownerId, `${path}.caller.ownerId`);
      check.stringOrNull(caller.displayName, `${path}.caller.displayName`);
    }
    return;
  }
  if (probe === 's3-bucket') {
    check.string(o.bucket, `${path}.bucket`);
    check.string(o.prefix, `${path}.prefix`);
    check.stringOrNull(o.endpoint, `${path}.endpoint`);
    if (o.owner !== null && check.object(o.owner, `${path}.owner`, ['expected', 'result', 'actual'])) {
      const owner = o.owner as Record<string, unknown>;
      // An AWS account id, or the owner id of an S3-compatible provider (any text).
      check.string(owner.expected, `${path}.owner.expected`);
      check.oneOf(owner.result, `${path}.owner.result`, ['match', 'mismatch', 'unknown', 'unverifiable']);
      if (owner.actual !== null) check.string(owner.actual, `${path}.owner.actual`);
    }
    check.stringOrNull(o.region, `${path}.region`);
    if (o.versioning !== null) check.oneOf(o.versioning, `${path}.versioning`, ['enabled', 'suspended', 'off']);
    if (o.objectLock !== null && check.object(o.objectLock, `${path}.objectLock`, ['enabled', 'mode', 'days', 'years'])) {
      const lock = o.objectLock as Record<string, unknown>;
      check.boolean(lock.enabled, `${path}.objectLock.enabled`);
      if (lock.mode !== null) check.oneOf(lock.mode, `${path}.objectLock.mode`, ['governance', 'compliance']);
      if (lock.days !== null) check.number(lock.days, `${path}.objectLock.days`);
      if (lock.years !== null) check.number(lock.years, `${path}.objectLock.years`);
    }
    if (o.replication !== null && check.object(o.replication, `${path}.replication`, ['rules'])) {
      const rules = (o.replication as Record<string, unknown>).rules;
      if (!Array.isArray(rules)) check.problems.push(`${path}.replication.rules: expected a list`);
      else
        rules.forEach((r, i) => {
          const at = `${path}.replication.rules[${i}]`;
          if (!check.object(r, at, ['id', 'status', 'destinationBucket', 'destinationAccount'])) return;
          const rule = r as Record<string, unknown>;
          check.stringOrNull(rule.id, `${at}.id`);
          check.string(rule.status, `${at}.status`);
          check.string(rule.destinationBucket, `${at}.destinationBucket`);
          check.stringOrNull(rule.destinationAccount, `${at}.destinationAccount`);
        });
    }
    if (o.encryption !== null && check.object(o.encryption, `${path}.encryption`, ['algorithm', 'kmsKeyId', 'kmsKeyAccount'])) {
      const enc = o.encryption as Record<string, unknown>;
      check.string(enc.algorithm, `${path}.encryption.algorithm`);
      check.stringOrNull(enc.kmsKeyId, `${path}.encryption.kmsKeyId`);
      if (enc.kmsKeyAccount !== null) check.accountId(enc.kmsKeyAccount, `${path}.encryption.kmsKeyAccount`);
    }
    if (o.objects !== null) checkListing(check, o.objects, `${path}.objects`, []);
    return;
  }
  check.string(o.host, `${path}.host`);
  check.number(o.port, `${path}.port`);
  check.string(o.user, `${path}.user`);
  check.string(o.path, `${path}.path`);
  if (o.hostKey !== null && check.object(o.hostKey, `${path}.hostKey`, ['presented', 'algorithm', 'pinnedBy', 'expected', 'result'])) {
    const key = o.hostKey as Record<string, unknown>;
    check.stringOrNull(key.presented, `${path}.hostKey.presented`);
    check.stringOrNull(key.algorithm, `${path}.hostKey.algorithm`);
    check.oneOf(key.pinnedBy, `${path}.hostKey.pinnedBy`, ['fingerprint', 'known_hosts']);
    check.string(key.expected, `${path}.hostKey.expected`);
    check.oneOf(key.result, `${path}.hostKey.result`, ['match', 'mismatch', 'not-listed', 'revoked']);
  }
  if (o.files !== null && checkListing(check, o.files, `${path}.files`, ['missing', 'unreadableDirectories'])) {
    const files = o.files as Record<string, unknown>;
    check.boolean(files.missing, `${path}.files.missing`);
    check.number(files.unreadableDirectories, `${path}.files.unreadableDirectories`);
  }
  if (o.space !== null && check.object(o.space, `${path}.space`, ['availableBytes', 'totalBytes'])) {
    const space = o.space as Record<string, unknown>;
    check.number(space.availableBytes, `${path}.space.availableBytes`);
    check.number(space.totalBytes, `${path}.space.totalBytes`);
  }
}

function checkListing(check: Checker, value: unknown, path: string, extra: string[]): boolean {
  if (!check.object(value, path, ['listed', 'newest', 'truncated', ...extra])) return false;
  const listing = value as Record<string, unknown>;
  check.number(listing.listed, `${path}.listed`);
  if (listing.newest !== null) check.instant(listing.newest, `${path}.newest`);
  check.boolean(listing.truncated, `${path}.truncated`);
  return true;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Collects type problems as sentences with the JSON path of the value concerned. */
class Checker {
  constructor(readonly problems: string[]) {}

  /** An object with exactly these keys (all required unless listed as optional). */
  object(value: unknown, path: string, keys: string[], optional: string[] = []): boolean {
    const where = path === '' ? 'the file' : path;
    if (!isObject(value)) {
      this.problems.push(`${where}: expected an object`);
      return false;
    }
    for (const key of keys) if (!optional.includes(key) && !(key in value)) this.problems.push(`${where}: "${key}" is missing`);
    for (const key of Object.keys(value)) if (!keys.includes(key)) this.problems.push(`${where}: unknown key "${key}"`);
    return true;
  }

  string(value: unknown, path: string): void {
    if (typeof value !== 'string') this.problems.push(`${path}: expected a string`);
  }

  stringOrNull(value: unknown, path: string): void {
    if (value !== null && typeof value !== 'string') this.problems.push(`${path}: expected a string or null`);
  }

  number(value: unknown, path: string): void {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) this.problems.push(`${path}: expected a number, 0 or more`);
  }

  boolean(value: unknown, path: string): void {
    if (typeof value !== 'boolean') this.problems.push(`${path}: expected true or false`);
  }

  oneOf(value: unknown, path: string, options: string[]): void {
    if (typeof value !== 'string' || !options.includes(value)) this.problems.push(`${path}: expected one of ${options.map((o) => `"${o}"`).join(', ')}`);
  }

  accountId(value: unknown, path: string): void {
    if (typeof value !== 'string' || !/^[0-9]{12}$/.test(value)) this.problems.push(`${path}: expected a 12-digit AWS account id`);
  }

  instant(value: unknown, path: string): void {
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value) || Number.isNaN(Date.parse(value))) {
      this.problems.push(`${path}: expected an ISO 8601 instant in UTC (2026-11-22T10:00:00.000Z)`);
    }
  }
}

export { observationFindings, type ObservationFindingOptions } from './findings.js';
