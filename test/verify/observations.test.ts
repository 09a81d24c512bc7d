// The observations record: its validator, and the judgement of observations against an inventory
// (also a later, edited one — what `check --observations` will do).
import { describe, expect, it } from 'vitest';
import { parseInventory } from '../../src/inventory/load.js';
import type { Inventory } from '../../src/inventory/types.js';
import {
  observationFindings,
  parseObservations,
  type ObservationsFile,
  type S3BucketObservation,
  type SshHostObservation,
} from '../../src/verify/observations.js';

const FINISHED = '2026-11-22T12:00:00.000Z';
const hoursBefore = (h: number) => new Date(Date.parse(FINISHED) - h * 3600_000).toISOString();

function inventory(extra: { owner?: string; hostKey?: string; region?: string; immutable?: string; every?: string } = {}): Inventory {
  const text = `version: 1
providers:
  aws: { kind: cloud }
  self: { kind: self }
accounts:
  prod: { provider: aws, admins: [a], aws: { account_id: "111111111111" } }
  backup: { provider: aws, admins: [a], aws: { account_id: "${extra.owner ?? '222222222222'}" } }
identities:
  a: { kind: person }
stores:
  db: { kind: database, account: prod, region: eu-central-1, criticality: critical }
targets:
  bucket:
    kind: object-storage
    account: backup
    region: ${extra.region ?? 'eu-west-1'}
    immutable: ${extra.immutable ?? 'compliance'}
    verify:
      s3: { bucket: bkt }
  nas:
    kind: ssh
    provider: self
    admins: [a]
    verify:
      ssh: { host: nas.example, user: audit, path: /srv, host_key: "${extra.hostKey ?? 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'}" }
backups:
  to-bucket: { of: db, to: bucket, every: ${extra.every ?? '24h'} }
  to-nas: { of: db, to: nas, every: 24h }
`;
  const loaded = parseInventory(text, 'inv.yml');
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('\n'));
  return loaded.inventory;
}

function bucket(over: Partial<S3BucketObservation> = {}): S3BucketObservation {
  return {
    probe: 's3-bucket',
    subject: 'bucket',
    section: 'targets',
    status: 'complete',
    startedAt: hoursBefore(0.01),
    finishedAt: FINISHED,
    problems: [],
    bucket: 'bkt',
    prefix: '',
    endpoint: null,
    owner: { expected: '222222222222', result: 'match', actual: null },
    region: 'eu-west-1',
    versioning: 'enabled',
    objectLock: { enabled: true, mode: 'compliance', days: 30, years: null },
    replication: { rules: [] },
    encryption: { algorithm: 'AES256', kmsKeyId: null, kmsKeyAccount: null },
    objects: { listed: 3, newest: hoursBefore(2), truncated: false },
    ...over,
  };
}

function host(over: Partial<SshHostObservation> = {}): SshHostObservation {
  return {
    probe: 'ssh-host',
    subject: 'nas',
    section: 'targets',
    status: 'complete',
    startedAt: hoursBefore(0.01),
    finishedAt: FINISHED,
    problems: [],
    host: 'nas.example',
    port: 22,
    user: 'audit',
    path: '/srv',
    hostKey: { presented: 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', algorithm: 'ssh-ed25519', pinnedBy: 'fingerprint', expected: 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', result: 'match' },
    files: { listed: 2, newest: hoursBefore(1), truncated: false, missing: false, unreadableDirectories: 0 },
    space: { availableBytes: 1e9, totalBytes: 1e10 },
    ...over,
  };
}

function file(observations: ObservationsFile['observations'], slack = 1.5): ObservationsFile {
  return {
    format: 'bcaudit-observations',
    version: 1,
    tool: { name: 'bcaudit', version: '0.0.0-test' },
    inventory: { file: 'inv.yml', name: null },
    startedAt: hoursBefore(0.02),
    finishedAt: FINISHED,
    settings: { timeoutSeconds: 10, deadlineSeconds: 300, concurrency: 4, slack, maxEntries: 10000, maxDepth: 8 },
    observations,
  };
}

const judged = (observations: ObservationsFile, inv = inventory()) => observationFindings(observations, inv).map((f) => f.id);

describe('parseObservations', () => {
  it('reads back what it is given', () => {
    const record = file([bucket(), host()]);
    const parsed = parseObservations(JSON.stringify(record), 'o.json');
    expect(parsed).toEqual({ ok: true, observations: record });
  });

  it('refuses other files with a reason', () => {
    const bad = (text: string) => {
      const r = parseObservations(text, 'o.json');
      if (r.ok) throw new Error('accepted');
      expect(r.problems.every((p) => p.pos.file === 'o.json')).toBe(true);
      return r.problems.map((p) => p.message);
    };
    expect(bad('{')[0]).toMatch(/does not parse/);
    expect(bad('[]')[0]).toMatch(/expected a JSON object/);
    expect(bad('{"format":"other"}')[0]).toMatch(/"format" must be "bcaudit-observations"/);
    expect(bad(JSON.stringify({ ...file([]), version: 3 }))[0]).toMatch(/written by a newer bcaudit/);
  });

  it('reads version 1 records (before s3-account probes and unsupported problems) as they are', () => {
    const record = { ...file([bucket(), host()]), version: 1 as const };
    expect(parseObservations(JSON.stringify(record), 'o.json')).toEqual({ ok: true, observations: record });
  });

  it('names every wrong value by its JSON path', () => {
    const broken = JSON.parse(JSON.stringify(file([bucket(), host()]))) as Record<string, unknown> & { observations: Record<string, unknown>[] };
    broken.observations[0]!.status = 'fine';
    broken.observations[0]!.owner = { expected: 12, result: 'maybe', actual: null };
    broken.observations[1]!.hostKey = null;
    broken.observations[1]!.finishedAt = 'yesterday';
    (broken.observations[1] as Record<string, unknown>).extra = true;
    broken.startedAt = 5;
    const r = parseObservations(JSON.stringify(broken), 'o.json');
    if (r.ok) throw new Error('accepted');
    expect(r.problems.map((p) => p.message)).toEqual(
      expect.arrayContaining([
        'startedAt: expected an ISO 8601 instant in UTC (2026-11-22T10:00:00.000Z)',
        'observations[0].status: expected one of "complete", "partial", "failed", "skipped"',
        'observations[0].owner.expected: expected a string',
        'observations[0].owner.result: expected one of "match", "mismatch", "unknown", "unverifiable"',
        'observations[1].finishedAt: expected an ISO 8601 instant in UTC (2026-11-22T10:00:00.000Z)',
        'observations[1]: unknown key "extra"',
      ]),
    );
  });
});

describe('observationFindings', () => {
  it('nothing to say about a target that is what the inventory claims', () => {
    expect(judged(file([bucket(), host()]))).toEqual([]);
  });

  it('what an endpoint could not prove is verify-unverifiable, rated by the claim, and never a match or an absence', () => {
    const unsupported = (operation: string, reason: string) => ({ kind: 'unsupported' as const, operation, reason });
    const record = file([
      bucket({
        owner: { expected: '222222222222', result: 'unverifiable', actual: null },
        region: null,
        replication: null,
        encryption: null,
        problems: [
          unsupported('HeadBucket', 'the endpoint ignores ExpectedBucketOwner'),
          unsupported('GetBucketLocation', 'answered "default", which names no region'),
          unsupported('GetBucketReplication', 'answered with a configuration that has no rule'),
          unsupported('GetObjectLockConfiguration', 'not implemented (HTTP 501): the endpoint does not offer GetObjectLockConfiguration'),
        ],
        objectLock: null,
      }),
    ]);
    const findings = observationFindings(record, inventory());
    expect(findings.map((f) => [f.id, f.severity])).toEqual([
      ['verify-unverifiable/bucket/object-lock', 'high'],
      ['verify-unverifiable/bucket/owner', 'high'],
      ['verify-unverifiable/bucket/region', 'medium'],
      ['verify-unverifiable/bucket/replication', 'info'],
    ]);
    // A finding, not a failed probe: verify does not exit 3 for it.
    expect(findings.every((f) => f.rule === 'verify-unverifiable')).toBe(true);
  });

  it('ages are measured from when the observation was made, not from now', () => {
    // FINISHED is a fixed date; newest objects 2 h before it are fresh whatever today is.
    expect(judged(file([bucket({ objects: { listed: 1, newest: hoursBefore(35), truncated: false } })]))).toEqual([]);
    expect(judged(file([bucket({ objects: { listed: 1, newest: hoursBefore(37), truncated: false } })]))).toEqual(['verify-stale/bucket/s3']);
  });

  it('slack: from the option, else from the record', () => {
    const record = file([bucket({ objects: { listed: 1, newest: hoursBefore(30), truncated: false } })], 1.5);
    expect(judged(record)).toEqual([]);
    expect(observationFindings(record, inventory(), { slack: 1.2 }).map((f) => f.id)).toEqual(['verify-stale/bucket/s3']);
    expect(judged({ ...record, settings: { ...record.settings, slack: 1.2 } })).toEqual(['verify-stale/bucket/s3']);
  });

  it('a later inventory is judged by what was observed: an owner claim changed since', () => {
    const record = file([bucket()]);
    const findings = observationFindings(record, inventory({ owner: '999999999999' }));
    expect(findings.map((f) => f.id)).toEqual(['verify-owner-mismatch/bucket']);
    expect(findings[0]!.message).toContain('it belongs to AWS account 222222222222');
  });

  it('an owner mismatch observed against an old claim that the inventory has since corrected is no finding', () => {
    const record = file([bucket({ owner: { expected: '999999999999', result: 'mismatch', actual: '222222222222' } })]);
    expect(judged(record)).toEqual([]);
  });

  it('a fingerprint pin is judged against the current pin', () => {
    const presented = 'SHA256:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB';
    const record = file([host({ hostKey: { presented, algorithm: 'ssh-ed25519', pinnedBy: 'fingerprint', expected: 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', result: 'mismatch', }, files: null, space: null })]);
    expect(judged(record)).toEqual(['verify-host-key-mismatch/nas']);
    expect(judged(record, inventory({ hostKey: presented }))).toEqual([]);
  });

  it('region, versioning and immutability against the current claims', () => {
    const record = file([bucket({ region: 'eu-central-1', versioning: 'off', objectLock: { enabled: false, mode: null, days: null, years: null } })]);
    const findings = observationFindings(record, inventory());
    // Worst first, then in file order (region is written before immutable).
    expect(findings.map((f) => [f.id, f.severity])).toEqual([
      ['verify-region-mismatch/bucket', 'high'],
      ['verify-not-immutable/bucket', 'high'],
      ['verify-versioning-off/bucket', 'high'],
    ]);
    // With no lock claimed versioning is milder; the region is still production's, so still high.
    const milder = observationFindings(record, inventory({ immutable: 'none', region: 'us-east-1' }));
    expect(milder.map((f) => [f.id, f.severity])).toEqual([
      ['verify-region-mismatch/bucket', 'high'],
      ['verify-versioning-off/bucket', 'medium'],
    ]);
  });

  it('problems become verify-unreachable / -denied / -timeout, one per kind, naming the calls', () => {
    const record = file([
      bucket({
        status: 'partial',
        problems: [
          { kind: 'denied', operation: 'GetBucketEncryption', reason: 'AccessDenied (HTTP 403)', permission: 's3:GetEncryptionConfiguration' },
          { kind: 'denied', operation: 'GetBucketReplication', reason: 'AccessDenied (HTTP 403)', permission: 's3:GetReplicationConfiguration' },
          { kind: 'timeout', operation: 'ListObjectsV2', reason: 'no answer within 10 s' },
        ],
        objects: null,
      }),
    ]);
    const findings = observationFindings(record, inventory());
    expect(findings.map((f) => f.id)).toEqual(['verify-denied/bucket/s3', 'verify-timeout/bucket/s3']);
    expect(findings[0]!.message).toContain('GetBucketEncryption, GetBucketReplication: AccessDenied (HTTP 403)');
    expect(findings[0]!.remediation).toContain('s3:GetEncryptionConfiguration, s3:GetReplicationConfiguration on arn:aws:s3:::bkt');
  });

  it('observations of ids no longer in the inventory are left out', () => {
    expect(judged(file([bucket({ subject: 'gone', objects: { listed: 0, newest: null, truncated: false } })]))).toEqual([]);
  });

  it('findings are located at the inventory lines of their subject', () => {
    const findings = observationFindings(file([bucket({ versioning: 'off' })]), inventory());
    expect(findings[0]!.pos).toMatchObject({ file: 'inv.yml', line: 19 });
  });
});
