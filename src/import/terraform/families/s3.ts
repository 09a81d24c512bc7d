// S3 buckets: versioning, replication and object lock, as separate resources (AWS provider 4+)
// or in the older inline blocks of aws_s3_bucket.
import type { Immutability } from '../../../inventory/types.js';
import { block, blocks, str, type ImportContext, type Rec } from '../context.js';
import { backupEntry, days, keyEntry, storeEntry, targetEntry } from '../entries.js';
import { bucketName } from '../holdings.js';
import type { TfResource } from '../read.js';

type State = 'on' | 'off' | 'unknown';

interface Replication {
  from: TfResource;
  destination: string | undefined;
  /** Where the configuration refers to the destination, for plans that do not know its name yet. */
  referencePath: string;
  account?: string;
  replicaKey?: { holder: TfResource; value: unknown; attribute: string };
}

interface BucketFacts {
  versioning: State;
  lock: { mode: Immutability; days?: string } | 'unknown' | undefined;
  replications: Replication[];
}

/** The resources of `type` configuring each bucket, by bucket name, ARN or reference. */
function attachments(ctx: ImportContext, type: string): Map<TfResource, TfResource[]> {
  const out = new Map<TfResource, TfResource[]>();
  for (const c of ctx.of(type)) {
    const name = str(c.values.bucket);
    for (const bucket of ctx.linked(c, 'bucket', ['aws_s3_bucket'], ['bucket'], name === undefined ? undefined : bucketName(name))) {
      const list = out.get(bucket) ?? [];
      list.push(c);
      out.set(bucket, list);
    }
  }
  return out;
}

interface Attached {
  versioning: Map<TfResource, TfResource[]>;
  lock: Map<TfResource, TfResource[]>;
  replication: Map<TfResource, TfResource[]>;
}

function factsOf(ctx: ImportContext, bucket: TfResource, attached: Attached): BucketFacts {
  const facts: BucketFacts = { versioning: 'off', lock: undefined, replications: [] };
  // Inline forms (provider 3 and older).
  const inline = block(bucket.values.versioning);
  if (inline?.enabled === true) facts.versioning = 'on';
  else if (ctx.unknownSays(bucket, 'versioning')) facts.versioning = 'unknown';
  const inlineLock = block(block(block(bucket.values.object_lock_configuration)?.rule)?.default_retention);
  if (inlineLock) facts.lock = lockOf(inlineLock);
  else if (ctx.unknownSays(bucket, 'object_lock_configuration')) facts.lock = 'unknown';
  for (const config of blocks(bucket.values.replication_configuration)) {
    for (const rule of blocks(config.rules)) addRule(facts, bucket, rule, 'replication_configuration.rules.destination.bucket');
  }
  // Separate resources (provider 4+), linked by bucket name or, in a plan, by reference.
  for (const v of attached.versioning.get(bucket) ?? []) {
    const status = str(block(v.values.versioning_configuration)?.status);
    if (status === 'Enabled') facts.versioning = 'on';
    else if (status === undefined && ctx.unknownSays(v, 'versioning_configuration')) facts.versioning = 'unknown';
  }
  for (const l of attached.lock.get(bucket) ?? []) {
    const retention = block(block(l.values.rule)?.default_retention);
    if (retention) facts.lock = lockOf(retention);
    else if (ctx.unknownSays(l, 'rule')) facts.lock = 'unknown';
  }
  for (const r of attached.replication.get(bucket) ?? []) {
    for (const rule of blocks(r.values.rule)) addRule(facts, r, rule, 'rule.destination.bucket');
  }
  return facts;
}

function addRule(facts: BucketFacts, from: TfResource, rule: Rec, referencePath: string): void {
  if (rule.status !== undefined && rule.status !== 'Enabled') return;
  const destination = block(rule.destination);
  const bucket = str(destination?.bucket);
  const keyValue = str(block(destination?.encryption_configuration)?.replica_kms_key_id) ?? str(destination?.replica_kms_key_id);
  facts.replications.push({
    from,
    destination: bucket === undefined ? undefined : bucketName(bucket),
    referencePath,
    ...(str(destination?.account) ?? str(destination?.account_id) ? { account: (str(destination?.account) ?? str(destination?.account_id))! } : {}),
    ...(keyValue ? { replicaKey: { holder: from, value: keyValue, attribute: 'rule.destination.encryption_configuration.replica_kms_key_id' } } : {}),
  });
}

function lockOf(retention: Rec): { mode: Immutability; days?: string } {
  const mode = retention.mode === 'COMPLIANCE' ? 'compliance' : 'governance';
  const d = typeof retention.years === 'number' ? retention.years * 365 : retention.days;
  const kept = days(d);
  return { mode, ...(kept ? { days: kept } : {}) };
}

export function mapS3(ctx: ImportContext, stores: Map<TfResource, string>): void {
  const buckets = ctx.of('aws_s3_bucket');
  const attached: Attached = {
    versioning: attachments(ctx, 'aws_s3_bucket_versioning'),
    lock: attachments(ctx, 'aws_s3_bucket_object_lock_configuration'),
    replication: attachments(ctx, 'aws_s3_bucket_replication_configuration'),
  };
  const facts = new Map(buckets.map((b) => [b, factsOf(ctx, b, attached)]));
  const destinationOf = (rep: Replication): TfResource | undefined => {
    const found = ctx.linked(rep.from, rep.referencePath, ['aws_s3_bucket'], ['bucket'], rep.destination);
    return found.length === 1 ? found[0] : undefined;
  };
  const destinations = new Set<TfResource>();
  for (const f of facts.values()) for (const rep of f.replications) {
    const d = destinationOf(rep);
    if (d) destinations.add(d);
  }

  for (const bucket of buckets) {
    if (destinations.has(bucket)) continue; // written as the target of the bucket replicating into it
    const f = facts.get(bucket)!;
    const notes: string[] = [];
    if (f.versioning === 'unknown') notes.push('versioning is unknown until apply: no versions assumed; import the state after apply.');
    if (f.lock === 'unknown') notes.push('object lock is unknown until apply: none assumed.');
    const store = storeEntry(ctx, bucket, { kind: 'bucket', notes });
    stores.set(bucket, store);
    const lock = typeof f.lock === 'object' ? f.lock : undefined;
    if (f.versioning === 'on') {
      const target = targetEntry(ctx, `${store}.versions`, bucket, {
        kind: 'object-storage',
        immutable: lock?.mode ?? 'none',
        notes: ['earlier versions of the objects, kept in the same bucket (versioning)'],
      }, false);
      backupEntry(ctx, `${store}.versioning`, bucket, {
        of: store,
        to: target,
        mode: 'backup',
        ...(lock?.days ? { keep: lock.days } : {}),
        notes: ['versioning keeps every overwritten or deleted object; how long depends on lifecycle rules bcaudit does not read.'],
      });
    }
    f.replications.forEach((rep, i) => {
      const destination = destinationOf(rep);
      const target = destination ? destinationTarget(ctx, destination, facts.get(destination)!) : externalDestination(ctx, bucket, rep);
      if (target === undefined) {
        ctx.warnings.push(`${rep.from.file}: ${rep.from.jsonPath}: the replication destination of ${bucket.address} is unknown until apply; it is left out`);
        return;
      }
      const encryption = rep.replicaKey ? keyEntry(ctx, rep.replicaKey.holder, rep.replicaKey.attribute, rep.replicaKey.value) : undefined;
      backupEntry(ctx, `${store}.replication${f.replications.length > 1 ? `-${i + 1}` : ''}`, rep.from, {
        of: store,
        to: target,
        mode: 'replica',
        ...(encryption ? { encryption } : {}),
        notes: ['S3 replication copies new writes continuously; what the destination keeps depends on its versioning and object lock.'],
      });
    });
  }
}

function destinationTarget(ctx: ImportContext, bucket: TfResource, f: BucketFacts): string {
  const lock = typeof f.lock === 'object' ? f.lock : undefined;
  return targetEntry(ctx, ctx.idOf(bucket), bucket, { kind: 'object-storage', immutable: lock?.mode ?? 'none', notes: f.versioning === 'on' ? ['versioned'] : [] }, true);
}

/** A destination bucket the files do not hold: a target from its name, in the account the rule names. */
function externalDestination(ctx: ImportContext, source: TfResource, rep: Replication): string | undefined {
  if (rep.destination === undefined) return undefined;
  const account = rep.account ? ctx.accountFromNumber('aws', rep.account, `the replication rule of ${source.address}`) : ctx.accountOf(source).id;
  return targetEntry(
    ctx,
    `s3.${rep.destination}`.toLowerCase().replace(/[^a-z0-9._-]/g, '-'),
    source,
    {
      kind: 'object-storage',
      account,
      notes: [`bucket ${rep.destination}, the replication destination of ${source.address}; not in the files${rep.account ? '' : ', assumed in the same account'}`],
    },
    false,
  );
}
