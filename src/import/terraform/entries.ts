// Store, target, backup and key entries as every resource family writes them: Terraform's facts,
// the placeholders only a person can fill in, and comments saying where each came from.
import type { StoreKind, TargetKind, Immutability } from '../../inventory/types.js';
import { field, placeholder, toId, type DraftField } from './draft.js';
import { arnParts, str, type ImportContext } from './context.js';
import type { TfResource } from './read.js';

function provenance(r: TfResource): string {
  return `from ${r.address} in ${r.file}`;
}

export interface StoreFacts {
  kind: StoreKind;
  notes?: string[];
}

/** A store for a resource holding a primary copy; returns its id. */
export function storeEntry(ctx: ImportContext, r: TfResource, facts: StoreFacts): string {
  const id = ctx.idOf(r);
  const account = ctx.accountOf(r);
  ctx.draft.ensure('stores', id, () => ({
    fields: [
      { key: 'kind', value: facts.kind },
      { key: 'account', value: account.id, ...(account.assumed ? { comment: 'assumed: see the account' } : {}) },
      ...field('region', ctx.regionOf(r)),
      placeholder('criticality', 'critical', 'TODO: placeholder, judged as critical until you set it'),
      { key: 'terraform', value: r.address },
    ],
    comment: [
      provenance(r),
      ...(account.assumed ? [`account ${account.reason}`] : []),
      ...(facts.notes ?? []),
      'TODO: owner (who answers for this data) and rpo (the most of it you accept to lose): Terraform cannot know them.',
    ],
  }));
  return id;
}

export interface TargetFacts {
  kind: TargetKind;
  /** The account holding the copies (default: the resource's). */
  account?: string;
  /** Default: the resource's region; null: unknown (a paired region the files do not name). */
  region?: string | null;
  immutable?: Immutability;
  notes?: string[];
}

/** A target standing for a resource (a vault, a replica) or derived from one (`id` given). */
export function targetEntry(ctx: ImportContext, id: string, from: TfResource, facts: TargetFacts, resourceIsTarget: boolean): string {
  ctx.draft.ensure('targets', id, () => {
    const account = facts.account === undefined ? ctx.accountOf(from) : { id: facts.account, assumed: false, reason: '' };
    const fields: DraftField[] = [
      { key: 'kind', value: facts.kind },
      { key: 'account', value: account.id, ...(account.assumed ? { comment: 'assumed: see the account' } : {}) },
      ...field('region', facts.region === null ? undefined : (facts.region ?? ctx.regionOf(from))),
      { key: 'immutable', value: facts.immutable ?? 'none' },
      ...(resourceIsTarget ? [{ key: 'terraform', value: from.address }] : []),
    ];
    return {
      fields,
      comment: [resourceIsTarget ? provenance(from) : `derived from ${from.address} in ${from.file}`, ...(account.assumed ? [`account ${account.reason}`] : []), ...(facts.notes ?? [])],
    };
  });
  return id;
}

export interface BackupFacts {
  of: string;
  to: string;
  mode: 'backup' | 'replica';
  every?: string;
  keep?: string;
  encryption?: string;
  notes?: string[];
}

export function backupEntry(ctx: ImportContext, id: string, from: TfResource, facts: BackupFacts): string {
  ctx.draft.ensure('backups', id, () => ({
    fields: [
      { key: 'of', value: facts.of },
      { key: 'to', value: facts.to },
      { key: 'mode', value: facts.mode },
      ...field('every', facts.every),
      ...field('keep', facts.keep),
      ...field('encryption', facts.encryption),
    ],
    comment: [provenance(from), ...(facts.notes ?? []), ...(facts.mode === 'backup' ? ['TODO: restore.last_tested: no restore test is known.'] : [])],
  }));
  return id;
}

/** Days as a duration (`7d`), or undefined when not a positive number. */
export function days(value: unknown): string | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? `${Math.round(value)}d` : undefined;
}

const KMS_TYPES = ['aws_kms_key', 'aws_kms_alias'] as const;

/**
 * The key entry for a KMS key a resource names in `attribute` (an ARN, key id or alias, or a
 * plan's reference to an aws_kms_key): the key resource when the files hold it, else a key in the
 * account its ARN names, else in the holder's account.
 */
export function keyEntry(ctx: ImportContext, holder: TfResource, attribute: string, value: unknown = holder.values[attribute]): string | undefined {
  const text = str(value);
  let linked = ctx.linked(holder, attribute, KMS_TYPES, ['arn', 'key_id', 'id', 'name'], text);
  const alias = linked.find((r) => r.type === 'aws_kms_alias');
  if (alias) {
    const target = ctx.linked(alias, 'target_key_id', ['aws_kms_key'], ['arn', 'key_id', 'id']);
    linked = target.length > 0 ? target : linked;
  }
  const key = linked.find((r) => r.type === 'aws_kms_key');
  if (key) {
    const id = ctx.idOf(key);
    const account = ctx.accountOf(key);
    ctx.draft.ensure('keys', id, () => ({ fields: [{ key: 'account', value: account.id }], comment: [provenance(key), ...(account.assumed ? [`account ${account.reason}`] : [])] }));
    return id;
  }
  if (text === undefined) return undefined;
  const arn = arnParts(text);
  if (arn?.service === 'kms' && arn.account) {
    const account = ctx.accountFromNumber('aws', arn.account, `the KMS key ARN in ${holder.address}`);
    const id = toId(`kms.${arn.account}.${arn.resource.startsWith('alias/') ? arn.resource.replace('/', '-') : arn.resource.replace(/^key\//, '').slice(0, 8)}`);
    ctx.draft.ensure('keys', id, () => ({ fields: [{ key: 'account', value: account }], comment: [`KMS key ${arn.resource}, named by ${holder.address} in ${holder.file}`] }));
    return id;
  }
  const account = ctx.accountOf(holder);
  const id = toId(`kms.${account.id}.${text.replace(/^alias\//, 'alias-').slice(0, 40)}`);
  ctx.draft.ensure('keys', id, () => ({ fields: [{ key: 'account', value: account.id }], comment: [`KMS key ${text}, named by ${holder.address} in ${holder.file}; assumed to live in the same account`] }));
  return id;
}
