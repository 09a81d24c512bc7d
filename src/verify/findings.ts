// Observations judged against the inventory's claims: the findings of `verify`. Pure.
//
// The same function serves `verify` (fresh observations) and, later, `check --observations` /
// `report --observations` (a saved record against the current inventory), so a claim that
// changed since the observation is judged by what was observed, never by the old claim.
import { sortFindings } from '../audit.js';
import { formatSeconds } from '../inventory/duration.js';
import type { Account, Backup, Inventory, Store, Target } from '../inventory/types.js';
import type { PathSegment } from '../inventory/yamlSource.js';
import type { Finding, Severity } from '../rules/types.js';
import type {
  AwsAccountObservation,
  Listing,
  Observation,
  ObservationsFile,
  ProbeProblem,
  ProblemKind,
  S3AccountObservation,
  S3BucketObservation,
  SshHostObservation,
} from './observations.js';
import type { VerifyRuleId } from './rules.js';

export interface ObservationFindingOptions {
  /** A copy is stale when older than `every` × slack; default: the slack the observations were made with, else 1.5. */
  slack?: number;
}

export const DEFAULT_SLACK = 1.5;

const PROBLEM_RULE: Record<ProblemKind, VerifyRuleId> = {
  unreachable: 'verify-unreachable',
  denied: 'verify-denied',
  timeout: 'verify-timeout',
  unsupported: 'verify-unverifiable',
};

/** Findings for every observation whose subject is still in the inventory, worst first. */
export function observationFindings(observations: ObservationsFile, inventory: Inventory, options: ObservationFindingOptions = {}): Finding[] {
  const slack = options.slack ?? observations.settings.slack ?? DEFAULT_SLACK;
  const judge = new Judge(inventory, observations.observations, slack);
  const findings: Finding[] = [];
  for (const o of observations.observations) {
    switch (o.probe) {
      case 'aws-account':
        findings.push(...judge.account(o));
        break;
      case 's3-account':
        findings.push(...judge.s3Account(o));
        break;
      case 's3-bucket':
        findings.push(...judge.bucket(o));
        break;
      case 'ssh-host':
        findings.push(...judge.host(o));
        break;
    }
  }
  return sortFindings(findings);
}

interface Draft {
  rule: VerifyRuleId;
  subject: string;
  detail?: string;
  severity: Severity;
  message: string;
  remediation: string;
  path: PathSegment[];
  dataSets: string[];
}

type Holder = { section: 'targets'; entity: Target } | { section: 'stores'; entity: Store };

class Judge {
  private readonly byAwsId = new Map<string, Account>();
  /** Accounts by the owner id a bucket's owner check compares: AWS account ids and S3-compatible owner ids. */
  private readonly byOwnerId = new Map<string, Account>();

  constructor(
    private readonly inventory: Inventory,
    private readonly all: readonly Observation[],
    private readonly slack: number,
  ) {
    for (const a of inventory.accounts.values()) {
      if (a.aws) this.byAwsId.set(a.aws.account_id, a);
      // Several accounts may reach one owner (a role, another key): the first named stands for it.
      const owner = a.aws?.account_id ?? a.s3?.owner_id;
      if (owner !== undefined && !this.byOwnerId.has(owner)) this.byOwnerId.set(owner, a);
    }
  }

  account(o: AwsAccountObservation): Finding[] {
    const account = this.inventory.accounts.get(o.subject);
    if (!account?.aws) return [];
    const dataSets = this.dataSetsInAccount(account.id);
    const how = o.via.roleArn ? `role ${o.via.roleArn}` : o.via.profile ? `profile ${o.via.profile}` : 'the default AWS credentials';
    const drafts = this.accountProblems(o, dataSets, `which AWS account ${o.subject} reaches through ${how}`, 'sts');
    if (o.caller && o.caller.account !== account.aws.account_id) {
      const other = this.byAwsId.get(o.caller.account);
      drafts.push({
        rule: 'verify-account-mismatch',
        subject: o.subject,
        severity: 'critical',
        message:
          `The credentials for account ${o.subject} (${how}) reach AWS account ${o.caller.account}${other ? ` — the inventory's ${other.id}` : ''}, ` +
          `not ${account.aws.account_id} as the inventory claims (caller ${o.caller.arn}). Live checks through these credentials describe another account.`,
        remediation: `Correct account_id of ${o.subject}, or the profile / role_arn that reaches it, so they name the same account.`,
        path: ['accounts', o.subject, 'aws', 'account_id'],
        dataSets,
      });
    }
    return drafts.map((d) => this.finding(d));
  }

  s3Account(o: S3AccountObservation): Finding[] {
    const account = this.inventory.accounts.get(o.subject);
    if (!account?.s3) return [];
    const dataSets = this.dataSetsInAccount(account.id);
    const how = `${o.via.roleArn ? `role ${o.via.roleArn}` : o.via.profile ? `profile ${o.via.profile}` : 'the default credentials'} at ${o.endpoint}`;
    const drafts = this.accountProblems(o, dataSets, `which owner account ${o.subject} reaches through ${how}`, 's3');
    if (o.caller && o.caller.ownerId !== account.s3.owner_id) {
      const other = this.byOwnerId.get(o.caller.ownerId);
      drafts.push({
        rule: 'verify-account-mismatch',
        subject: o.subject,
        severity: 'critical',
        message:
          `The credentials for account ${o.subject} (${how}) reach owner ${o.caller.ownerId}${o.caller.displayName ? ` (${o.caller.displayName})` : ''}${other ? ` — the inventory's ${other.id}` : ''}, ` +
          `not ${account.s3.owner_id} as the inventory claims. Live checks through these credentials describe another account.`,
        remediation: `Correct owner_id of ${o.subject}, or the profile / role_arn that reaches it, so they name the same account.`,
        path: ['accounts', o.subject, 's3', 'owner_id'],
        dataSets,
      });
    }
    return drafts.map((d) => this.finding(d));
  }

  /** What an account probe could not do or prove; the buckets skipped because of it are named. */
  private accountProblems(o: AwsAccountObservation | S3AccountObservation, dataSets: string[], what: string, probe: 'sts' | 's3'): Draft[] {
    const skipped = this.all.filter((x) => x.skippedBecause === `accounts/${o.subject}`).map((x) => x.subject);
    const drafts = this.unverifiable(o, 'accounts', dataSets);
    for (const group of groupProblems(o.problems)) {
      const notChecked = skipped.length > 0 ? ` ${skipped.length === 1 ? 'Its bucket' : 'Its buckets'} ${skipped.join(', ')} ${skipped.length === 1 ? 'was' : 'were'} not checked.` : '';
      drafts.push({
        rule: PROBLEM_RULE[group.kind],
        subject: o.subject,
        detail: probe,
        severity: 'high',
        message: `Could not prove ${what}: ${group.text}.${notChecked}`,
        remediation: problemRemediation(group.kind, group.permissions, probe),
        path: ['accounts', o.subject, probe === 'sts' ? 'aws' : 's3'],
        dataSets,
      });
    }
    return drafts;
  }

  bucket(o: S3BucketObservation): Finding[] {
    const holder = this.holder(o);
    if (!holder) return [];
    const { entity } = holder;
    const base: PathSegment[] = [holder.section, o.subject];
    const dataSets = this.dataSetsOf(holder);
    const where = `bucket ${o.bucket}${o.prefix ? ` (prefix ${o.prefix})` : ''}`;
    const drafts: Draft[] = [];

    for (const group of groupProblems(o.problems)) {
      drafts.push({
        rule: PROBLEM_RULE[group.kind],
        subject: o.subject,
        detail: 's3',
        severity: 'high',
        message: `Could not fully check ${where} of ${o.subject}${o.endpoint ? ` at ${o.endpoint}` : ''}: ${group.text}.`,
        remediation: problemRemediation(group.kind, group.permissions, 's3', o.bucket),
        path: [...base, 'verify', 's3'],
        dataSets,
      });
    }

    drafts.push(...this.unverifiable(o, holder, dataSets));

    const claimedOwner = this.ownerIdOfAccount(entity.account);
    const production = this.productionAccounts(holder);
    // Only an observed owner is judged: unknown (refused) and unverifiable (the endpoint cannot tell) say nothing either way.
    if (o.owner && (o.owner.result === 'match' || o.owner.result === 'mismatch') && claimedOwner !== undefined) {
      // The owner as observed: the expected one on a match, the identified one (or unknown) on a mismatch.
      const known = o.owner.result === 'match' ? o.owner.expected : o.owner.actual;
      const mismatch = known !== null ? known !== claimedOwner : o.owner.expected === claimedOwner;
      if (mismatch) {
        const actualAccount = known === null ? undefined : this.byOwnerId.get(known);
        const isProduction = actualAccount !== undefined && production.has(actualAccount.id);
        const aws = this.inventory.accounts.get(entity.account!)?.aws !== undefined;
        const whose =
          known === null
            ? `another ${aws ? 'AWS account' : 'owner'} (none of the accounts in the inventory)`
            : `${aws ? 'AWS account' : 'owner'} ${known}${actualAccount ? ` (${actualAccount.id})` : ''}${isProduction ? ', the production account of the data it holds copies of' : ''}`;
        drafts.push({
          rule: 'verify-owner-mismatch',
          subject: o.subject,
          severity: isProduction ? 'critical' : 'high',
          message:
            `${cap(where)} of ${o.subject} does not belong to account ${entity.account} (${claimedOwner}) as claimed: it belongs to ${whose}.` +
            (isProduction ? ' Whoever can delete production can delete these copies; losing that account loses both.' : ''),
          remediation: `Keep the copies in a bucket owned by ${entity.account} (${claimedOwner}), or correct the account of ${o.subject} in the inventory so the analysis sees the real owner.`,
          path: [...base, 'account'],
          dataSets,
        });
      }
    }

    const claimedRegion = entity.region ?? entity.verify?.s3?.region;
    if (o.region !== null && claimedRegion !== undefined && normaliseRegion(claimedRegion) !== o.region) {
      const sameAsProduction = this.productionRegions(holder).has(o.region);
      drafts.push({
        rule: 'verify-region-mismatch',
        subject: o.subject,
        severity: sameAsProduction ? 'high' : 'medium',
        message:
          `${cap(where)} of ${o.subject} is in region ${o.region}, not ${claimedRegion} as claimed.` +
          (sameAsProduction ? ` ${o.region} is where the data it protects lives: losing that region loses the data and this copy together.` : ''),
        remediation: `Correct the region of ${o.subject} to ${o.region}, or move the copies to ${claimedRegion}.`,
        path: entity.region !== undefined ? [...base, 'region'] : [...base, 'verify', 's3', 'region'],
        dataSets,
      });
    }

    const immutable = holder.section === 'targets' ? holder.entity.immutable : 'none';
    const claimsLock = immutable === 'governance' || immutable === 'compliance';
    if (o.versioning === 'off' || o.versioning === 'suspended') {
      drafts.push({
        rule: 'verify-versioning-off',
        subject: o.subject,
        severity: claimsLock ? 'high' : 'medium',
        message:
          `Versioning is ${o.versioning === 'off' ? 'not enabled' : 'suspended'} on ${where} of ${o.subject}: an overwrite or a delete is final.` +
          (claimsLock ? ` Object Lock (claimed: ${immutable}) cannot work without it.` : ''),
        remediation: `Enable versioning on bucket ${o.bucket} (aws s3api put-bucket-versioning --bucket ${o.bucket} --versioning-configuration Status=Enabled) with a lifecycle rule for old versions.`,
        path: [...base, 'verify', 's3'],
        dataSets,
      });
    }

    if (o.objectLock && immutable !== 'none') {
      const found = o.objectLock.enabled && o.objectLock.mode ? o.objectLock.mode : 'none';
      const foundText = !o.objectLock.enabled
        ? 'Object Lock is not enabled'
        : o.objectLock.mode === null
          ? 'Object Lock is enabled but has no default retention, so objects are locked only when the writer asks'
          : `the default retention is ${o.objectLock.mode.toUpperCase()} mode${retention(o.objectLock)}`;
      const weak =
        (immutable === 'compliance' || immutable === 'offline') ? found !== 'compliance' : immutable === 'governance' ? found === 'none' : false;
      if (weak) {
        const strongClaim = immutable === 'compliance' || immutable === 'offline';
        drafts.push({
          rule: 'verify-not-immutable',
          subject: o.subject,
          severity: strongClaim ? 'high' : 'medium',
          message:
            `${o.subject} is claimed ${immutable === 'offline' ? 'offline' : `immutable (${immutable})`}, but on ${where} ${foundText}.` +
            (strongClaim
              ? found === 'governance'
                ? ' Governance mode can be bypassed by anyone with s3:BypassGovernanceRetention, so a stolen admin credential can still delete the copies.'
                : ' Nothing stops a stolen admin credential from deleting the copies.'
              : ''),
          remediation: `Enable Object Lock with a ${immutable === 'governance' ? 'GOVERNANCE or COMPLIANCE' : 'COMPLIANCE'} default retention on ${o.bucket}, or set immutable: ${found === 'none' ? 'none' : found} for ${o.subject} so the analysis is honest.`,
          path: [...base, 'immutable'],
          dataSets,
        });
      }
    }

    if (o.encryption && o.encryption.algorithm.startsWith('aws:kms') && o.encryption.kmsKeyId !== null) {
      drafts.push(...this.keyAccount(o, holder, where, dataSets));
    }

    if (o.objects) drafts.push(...this.listing(o, holder, o.objects, 's3', where, dataSets, [...base, 'verify', 's3']));
    return drafts.map((d) => this.finding(d));
  }

  host(o: SshHostObservation): Finding[] {
    const holder = this.holder(o);
    if (!holder) return [];
    const base: PathSegment[] = [holder.section, o.subject];
    const spec = holder.entity.verify?.ssh;
    const dataSets = this.dataSetsOf(holder);
    const endpoint = `${o.user}@${o.host}:${o.port}`;
    const drafts: Draft[] = [];
    for (const group of groupProblems(o.problems)) {
      drafts.push({
        rule: PROBLEM_RULE[group.kind],
        subject: o.subject,
        detail: 'ssh',
        severity: 'high',
        message: `Could not check ${o.path} on ${endpoint} (${o.subject}): ${group.text}.`,
        remediation: problemRemediation(group.kind, [], 'ssh'),
        path: [...base, 'verify', 'ssh'],
        dataSets,
      });
    }
    if (o.hostKey) {
      const key = o.hostKey;
      // A fingerprint pin is judged again against the inventory's current pin; a known_hosts verdict is kept.
      const currentPin = spec?.host_key;
      let result = key.result;
      if (key.pinnedBy === 'fingerprint' && currentPin !== undefined && key.presented !== null) {
        result = stripPadding(currentPin) === stripPadding(key.presented) ? 'match' : 'mismatch';
      }
      if (result !== 'match') {
        const presented = key.presented ? `${key.presented}${key.algorithm ? ` (${key.algorithm})` : ''}` : 'a host key';
        const pinned =
          key.pinnedBy === 'fingerprint'
            ? `the pinned ${currentPin ?? key.expected}`
            : result === 'not-listed'
              ? `any key known_hosts file ${key.expected} lists for it (it has no entry for this host)`
              : result === 'revoked'
                ? `a key allowed by ${key.expected}: the file marks this key @revoked`
                : `the keys known_hosts file ${key.expected} lists for it`;
        drafts.push({
          rule: 'verify-host-key-mismatch',
          subject: o.subject,
          severity: result === 'not-listed' ? 'high' : 'critical',
          message:
            `The SSH server at ${o.host}:${o.port} (${o.subject}) presented ${presented}, not ${pinned}. ` +
            'Either the server was replaced or re-keyed, or someone is in the middle; bcaudit stopped before authenticating and read nothing.',
          remediation:
            'Find out why the key differs. Only if it changed legitimately, compare the new fingerprint out of band (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub on the server) and pin it in host_key or known_hosts.',
          path: [...base, 'verify', 'ssh', key.pinnedBy === 'fingerprint' ? 'host_key' : 'known_hosts'],
          dataSets,
        });
      }
      if (result !== 'match') return drafts.map((d) => this.finding(d));
    }
    if (o.files) {
      const where = `${o.path} on ${o.host}:${o.port}`;
      if (o.files.missing) {
        drafts.push({
          rule: 'verify-empty',
          subject: o.subject,
          detail: 'ssh',
          severity: 'high',
          message: `${where} (${o.subject}) does not exist: the backups are not where the inventory says.`,
          remediation: `Check that the backup job writes to ${o.path} on ${o.host}, or correct verify.ssh.path of ${o.subject}.`,
          path: [...base, 'verify', 'ssh', 'path'],
          dataSets,
        });
      } else {
        drafts.push(...this.listing(o, holder, o.files, 'ssh', where, dataSets, [...base, 'verify', 'ssh', 'path']));
      }
    }
    return drafts.map((d) => this.finding(d));
  }

  private keyAccount(o: S3BucketObservation, holder: Holder, where: string, dataSets: string[]): Draft[] {
    const enc = o.encryption!;
    const ownerAccount = o.owner?.result === 'mismatch' ? o.owner.actual : (o.owner?.expected ?? this.awsIdOfAccount(holder.entity.account) ?? null);
    const keyAccount = enc.kmsKeyAccount ?? ownerAccount;
    if (keyAccount === null) return [];
    const expected = new Map<string, string>();
    const own = this.awsIdOfAccount(holder.entity.account);
    if (own !== undefined) expected.set(own, `the account of ${o.subject}`);
    for (const b of this.backupsTo(holder)) {
      if (b.encryption === undefined) continue;
      const key = this.inventory.keys.get(b.encryption);
      const id = this.awsIdOfAccount(key?.account);
      if (id !== undefined) expected.set(id, `the account of key ${b.encryption}`);
    }
    const keyHolder = this.byAwsId.get(keyAccount);
    if (expected.has(keyAccount) || (expected.size === 0 && keyHolder === undefined)) return [];
    const production = this.productionAccounts(holder).has(keyHolder?.id ?? '');
    const claimedKeys = [...new Set(this.backupsTo(holder).flatMap((b) => (b.encryption === undefined ? [] : [b.encryption])))].sort();
    const keyPlace = (k: string) => {
      const key = this.inventory.keys.get(k);
      return key?.account !== undefined ? `${k} in account ${key.account}` : `${k}, held offline`;
    };
    const claim =
      claimedKeys.length > 0 ? `the inventory says the copies are encrypted with ${claimedKeys.map(keyPlace).join(' and ')}` : 'the inventory names no key for these copies';
    return [
      {
        rule: 'verify-key-account',
        subject: o.subject,
        severity: production ? 'critical' : 'high',
        message:
          `The default encryption of ${where} (${o.subject}) uses KMS key ${enc.kmsKeyId} in AWS account ${keyAccount}` +
          `${keyHolder ? ` (${keyHolder.id}${production ? ', the production account' : ''})` : ''}, but ${claim}. ` +
          `The copies cannot be read without that key${production ? ': losing the production account makes them unreadable' : ''}.`,
        remediation: `Encrypt the bucket with a KMS key in ${holder.entity.account ?? 'the backup account'}, or record the key and its account in the inventory (keys:, encryption:) so the analysis sees the dependency.`,
        path: [holder.section, o.subject, 'verify', 's3'],
        dataSets,
      },
    ];
  }

  private listing(
    o: Observation,
    holder: Holder,
    listing: Listing,
    kind: 's3' | 'ssh',
    where: string,
    dataSets: string[],
    path: PathSegment[],
  ): Draft[] {
    const noun = kind === 's3' ? 'object' : 'file';
    const bound = listing.truncated ? ` (only the first ${listing.listed} ${noun}s were looked at; the listing was cut short by --max-entries/--max-depth)` : '';
    if (listing.listed === 0 || listing.newest === null) {
      return [
        {
          rule: 'verify-empty',
          subject: o.subject,
          detail: kind,
          severity: holder.section === 'targets' ? 'high' : 'medium',
          message: `${cap(where)} (${o.subject}) holds no ${noun}s${bound}: there is nothing to restore from.`,
          remediation: `Check that the backup job writes to ${where}, and that it runs; or correct verify.${kind} of ${o.subject}.`,
          path,
          dataSets,
        },
      ];
    }
    if (holder.section !== 'targets') return [];
    const interval = this.shortestInterval(holder);
    if (!interval) return [];
    const age = Math.max(0, Math.floor((Date.parse(o.finishedAt) - Date.parse(listing.newest)) / 1000));
    const allowed = interval.every.seconds * this.slack;
    if (age <= allowed) return [];
    return [
      {
        rule: 'verify-stale',
        subject: o.subject,
        detail: kind,
        severity: listing.truncated ? 'medium' : 'high',
        message:
          `The newest ${noun} in ${where} (${o.subject}) is ${formatAge(age)} old (${listing.newest}); backup ${interval.backup} runs every ${interval.every.text}, ` +
          `so it should be at most ${formatAge(Math.floor(allowed))} old${bound}. The backup job may have stopped.`,
        remediation: `Find out why ${interval.backup} stopped writing to ${o.subject}, fix it and alert on it; or correct every: of ${interval.backup}.`,
        path,
        dataSets,
      },
    ];
  }

  private finding(d: Draft): Finding {
    return {
      id: [d.rule, d.subject, ...(d.detail === undefined ? [] : [d.detail])].join('/'),
      rule: d.rule,
      severity: d.severity,
      message: d.message,
      remediation: d.remediation,
      pos: this.inventory.locate(d.path),
      path: d.path,
      events: [],
      dataSets: d.dataSets,
    };
  }

  private holder(o: S3BucketObservation | SshHostObservation): Holder | undefined {
    if (o.section === 'targets') {
      const entity = this.inventory.targets.get(o.subject);
      return entity ? { section: 'targets', entity } : undefined;
    }
    const entity = this.inventory.stores.get(o.subject);
    return entity ? { section: 'stores', entity } : undefined;
  }

  private backupsTo(holder: Holder): Backup[] {
    if (holder.section !== 'targets') return [];
    return [...this.inventory.backups.values()].filter((b) => b.to === holder.entity.id);
  }

  private dataSetsOf(holder: Holder): string[] {
    if (holder.section === 'stores') return [holder.entity.id];
    return [...new Set(this.backupsTo(holder).map((b) => b.of))].sort();
  }

  private dataSetsInAccount(accountId: string): string[] {
    const sets = new Set<string>();
    for (const s of this.inventory.stores.values()) if (s.account === accountId) sets.add(s.id);
    for (const b of this.inventory.backups.values()) if (this.inventory.targets.get(b.to)?.account === accountId) sets.add(b.of);
    return [...sets].sort();
  }

  /** The accounts holding the primary copies of the data this bucket or host holds copies of. */
  private productionAccounts(holder: Holder): Set<string> {
    if (holder.section === 'stores') return new Set([holder.entity.account]);
    return new Set(this.backupsTo(holder).flatMap((b) => this.inventory.stores.get(b.of)?.account ?? []));
  }

  private productionRegions(holder: Holder): Set<string> {
    if (holder.section === 'stores') return new Set();
    const regions = new Set<string>();
    for (const b of this.backupsTo(holder)) {
      const region = this.inventory.stores.get(b.of)?.region;
      if (region !== undefined) regions.add(normaliseRegion(region));
    }
    return regions;
  }

  private shortestInterval(holder: Holder): { backup: string; every: NonNullable<Backup['every']> } | undefined {
    let best: { backup: string; every: NonNullable<Backup['every']> } | undefined;
    for (const b of this.backupsTo(holder)) {
      if (b.every && (!best || b.every.seconds < best.every.seconds)) best = { backup: b.id, every: b.every };
    }
    return best;
  }

  private awsIdOfAccount(accountId: string | undefined): string | undefined {
    return accountId === undefined ? undefined : this.inventory.accounts.get(accountId)?.aws?.account_id;
  }

  /** The owner a bucket of this account must have: its AWS account id, or its `s3.owner_id`. */
  private ownerIdOfAccount(accountId: string | undefined): string | undefined {
    if (accountId === undefined) return undefined;
    const account = this.inventory.accounts.get(accountId);
    return account?.aws?.account_id ?? account?.s3?.owner_id;
  }

  /**
   * One finding per claim the endpoint could not prove (problems of kind `unsupported`), rated by
   * what the inventory claims: the owner and the account's identity high, a claimed region, key,
   * lock or versioning medium, what nothing in the inventory claims (replication) info.
   */
  private unverifiable(o: Observation, holder: Holder | 'accounts', dataSets: string[]): Draft[] {
    const drafts: Draft[] = [];
    const where = o.probe === 's3-bucket' ? `bucket ${o.bucket}${o.endpoint ? ` at ${o.endpoint}` : ''}` : `account ${o.subject}`;
    for (const p of o.problems) {
      if (p.kind !== 'unsupported') continue;
      const check = CHECK_OF_OPERATION[p.operation] ?? p.operation;
      let severity: Severity = 'info';
      let claim = '';
      if (holder === 'accounts' || check === 'owner') {
        severity = 'high';
        claim = holder === 'accounts' ? 'which account the credentials reach' : 'who owns the bucket';
      } else {
        const entity = holder.entity;
        const immutable = holder.section === 'targets' ? holder.entity.immutable : 'none';
        if (check === 'region' && (entity.region ?? entity.verify?.s3?.region) !== undefined) {
          severity = 'medium';
          claim = `the region (${entity.region ?? entity.verify?.s3?.region})`;
        } else if (check === 'encryption' && this.backupsTo(holder).some((b) => b.encryption !== undefined)) {
          severity = 'medium';
          claim = 'which key the copies are encrypted with';
        } else if (check === 'object lock' && immutable !== 'none') {
          severity = 'high';
          claim = `the claimed immutability (${immutable})`;
        } else if (check === 'versioning') {
          severity = 'medium';
          claim = 'that versioning is on';
        }
      }
      const subjectPath: PathSegment[] = holder === 'accounts' ? ['accounts', o.subject] : [holder.section, o.subject, 'verify', 's3'];
      drafts.push({
        rule: 'verify-unverifiable',
        subject: o.subject,
        detail: check.replace(/ /g, '-'),
        severity,
        message:
          `The ${check} of ${where} (${o.subject}) cannot be verified there: ${p.operation} ${p.reason}.` +
          (claim ? ` The inventory's claim about ${claim} is not confirmed — nor refuted.` : ' Nothing was concluded from it.'),
        remediation:
          check === 'owner'
            ? `Declare the account holding ${o.subject} with s3: { owner_id, endpoint } so the bucket's ACL can name its owner, and allow s3:GetBucketAcl; or confirm the owner in the provider's console and waive this finding with the reason.`
            : `Confirm the ${check} another way (the provider's console or API) and waive this finding with the reason, or keep the copies where it can be checked.`,
        path: subjectPath,
        dataSets,
      });
    }
    return drafts;
  }
}

/** The check an S3 or STS call serves, for `verify-unverifiable` finding ids (`verify-unverifiable/<subject>/<check>`). */
const CHECK_OF_OPERATION: Record<string, string> = {
  HeadBucket: 'owner',
  GetBucketAcl: 'owner',
  GetBucketLocation: 'region',
  GetBucketVersioning: 'versioning',
  GetObjectLockConfiguration: 'object lock',
  GetBucketReplication: 'replication',
  GetBucketEncryption: 'encryption',
  ListObjectsV2: 'listing',
  GetCallerIdentity: 'identity',
  ListBuckets: 'identity',
};

interface ProblemGroup {
  kind: ProblemKind;
  text: string;
  permissions: string[];
}

/** One group per kind of problem; calls that failed for the same reason are named together. */
function groupProblems(problems: readonly ProbeProblem[]): ProblemGroup[] {
  const groups: ProblemGroup[] = [];
  for (const kind of ['timeout', 'unreachable', 'denied'] as const) {
    const ofKind = problems.filter((p) => p.kind === kind);
    if (ofKind.length === 0) continue;
    const byReason = new Map<string, string[]>();
    for (const p of ofKind) byReason.set(p.reason, [...(byReason.get(p.reason) ?? []), p.operation]);
    const text = [...byReason].map(([reason, operations]) => `${operations.join(', ')}: ${reason}`).join('; ');
    const permissions = [...new Set(ofKind.flatMap((p) => (p.permission ? [p.permission] : [])))];
    groups.push({ kind, text, permissions });
  }
  return groups;
}

function problemRemediation(kind: ProblemKind, permissions: string[], probe: 's3' | 'sts' | 'ssh', bucket?: string): string {
  switch (kind) {
    case 'denied':
      if (probe === 'ssh') {
        return 'Authorize the audit key for this user on the host (authorized_keys), or give verify the right key: identity_file or ssh-agent (SSH_AUTH_SOCK).';
      }
      return permissions.length > 0
        ? `Grant ${permissions.join(', ')}${bucket ? ` on arn:aws:s3:::${bucket}` : ''} to the identity verify uses (the read-only policy is in docs/verify.md), or fix its credentials (profile, role_arn, external_id).`
        : 'Give verify working credentials (profile, role_arn, external_id) with the read-only policy in docs/verify.md.';
    case 'timeout':
      return 'Check the network path to the endpoint or host; if it is merely slow, raise --timeout (or --deadline).';
    case 'unreachable':
      return probe === 'ssh'
        ? 'Check host, port, DNS and firewall rules between here and the SSH server.'
        : 'Check the endpoint, bucket name, region and network path; a bucket that does not exist means the copies are not where the inventory says.';
    case 'unsupported':
      return 'Check the claim another way (the provider\'s console or API) and waive the finding with the reason.';
  }
}

/** AWS names us-east-1 with an empty location and eu-west-1, historically, `EU`. */
export function normaliseRegion(region: string): string {
  if (region === '' || region === 'US') return 'us-east-1';
  if (region === 'EU') return 'eu-west-1';
  return region;
}

function retention(lock: { days: number | null; years: number | null }): string {
  if (lock.days !== null) return `, ${lock.days} day${lock.days === 1 ? '' : 's'}`;
  if (lock.years !== null) return `, ${lock.years} year${lock.years === 1 ? '' : 's'}`;
  return '';
}

function formatAge(seconds: number): string {
  if (seconds >= 2 * 86_400) return `${Math.floor(seconds / 86_400)}d`;
  if (seconds >= 2 * 3600) return `${Math.floor(seconds / 3600)}h`;
  if (seconds >= 120) return `${Math.floor(seconds / 60)}m`;
  return formatSeconds(seconds);
}

function stripPadding(fingerprint: string): string {
  return fingerprint.replace(/=+$/, '');
}

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
