// AWS Backup: vaults (with vault lock), plans (schedule → every, delete_after → keep, copy
// actions → copies at other vaults, maybe in other accounts) and selections (ARNs and tags).
import type { Immutability } from '../../../inventory/types.js';
import { arnParts, block, blocks, num, str, type ImportContext, type Rec } from '../context.js';
import { backupEntry, days, keyEntry, targetEntry } from '../entries.js';
import type { TfResource } from '../read.js';

/** Stores AWS Backup can select, by their ARN, with the attribute holding it. */
const SELECTABLE: Readonly<Record<string, string>> = {
  aws_db_instance: 'arn',
  aws_rds_cluster: 'arn',
  aws_dynamodb_table: 'arn',
  aws_efs_file_system: 'arn',
  aws_s3_bucket: 'arn',
};

/** `cron(0 5 ? * * *)`, `rate(12 hours)` → how often it runs, as a duration; undefined when unreadable. */
export function scheduleEvery(schedule: string | undefined): string | undefined {
  if (schedule === undefined) return '24h'; // AWS Backup's default: daily at 05:00 UTC
  const rate = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(schedule.trim());
  if (rate) return `${rate[1]}${rate[2]!.startsWith('minute') ? 'm' : rate[2]!.startsWith('hour') ? 'h' : 'd'}`;
  const cron = /^cron\((.+)\)$/.exec(schedule.trim());
  if (!cron) return undefined;
  const [minute, hour, dayOfMonth, , dayOfWeek] = cron[1]!.trim().split(/\s+/);
  if (minute === undefined || hour === undefined || dayOfMonth === undefined || dayOfWeek === undefined) return undefined;
  const step = /^(?:\*|\d+)\/(\d+)$/.exec(hour);
  if (step) return `${step[1]}h`;
  if (hour === '*') return '1h';
  if (hour.includes(',')) return `${Math.ceil(24 / hour.split(',').length)}h`;
  if (/^\d+$/.test(dayOfMonth)) return '30d';
  if (dayOfWeek !== '*' && dayOfWeek !== '?') return dayOfWeek.includes(',') ? `${Math.ceil(7 / dayOfWeek.split(',').length)}d` : '7d';
  return '24h';
}

function vaultImmutability(ctx: ImportContext, vault: TfResource): { immutable: Immutability; note: string } {
  if (vault.type === 'aws_backup_logically_air_gapped_vault') return { immutable: 'compliance', note: 'logically air-gapped vault: locked in compliance mode' };
  const locks = ctx.of('aws_backup_vault_lock_configuration').filter((l) => ctx.linked(l, 'backup_vault_name', [vault.type], ['name']).includes(vault));
  const lock = locks[0];
  if (!lock) return { immutable: 'none', note: 'no vault lock' };
  const grace = num(lock.values.changeable_for_days);
  if (grace !== undefined) return { immutable: 'compliance', note: `vault lock in compliance mode (fixed ${grace} days after it was set)` };
  if (ctx.unknownSays(lock, 'changeable_for_days')) return { immutable: 'governance', note: 'vault lock mode is unknown until apply: governance assumed' };
  return { immutable: 'governance', note: 'vault lock in governance mode (no changeable_for_days): admins can remove it' };
}

function vaultTarget(ctx: ImportContext, vault: TfResource): string {
  const { immutable, note } = vaultImmutability(ctx, vault);
  return targetEntry(ctx, ctx.idOf(vault), vault, { kind: 'snapshots', immutable, notes: [note] }, true);
}

/** A vault the files name only by ARN (a copy action's destination): a target in the account the ARN names. */
function vaultFromArn(ctx: ImportContext, arn: string, named: TfResource): string | undefined {
  const parts = arnParts(arn);
  if (!parts?.account) return undefined;
  const name = parts.resource.replace(/^backup-vault:/, '');
  const account = ctx.accountFromNumber('aws', parts.account, `the copy action of ${named.address}`);
  return targetEntry(
    ctx,
    `vault.${parts.account}.${name}`.toLowerCase().replace(/[^a-z0-9._-]/g, '-'),
    named,
    { kind: 'snapshots', account, ...(parts.region ? { region: parts.region } : {}), notes: [`backup vault ${name} (${arn}), a copy destination not in the files: its vault lock is unknown, none assumed`] },
    false,
  );
}

interface Rule {
  name: string;
  vault: string | undefined;
  vaultKey?: string;
  every: string | undefined;
  keep: string | undefined;
  copies: { vault: string; keep: string | undefined; key?: string }[];
}

function planRules(ctx: ImportContext, plan: TfResource, vaults: Map<TfResource, string>): Rule[] {
  const vaultTypes = ['aws_backup_vault', 'aws_backup_logically_air_gapped_vault'];
  const keyOf = (vault: TfResource | undefined): string | undefined => (vault ? keyEntry(ctx, vault, 'kms_key_arn') : undefined);
  return blocks(plan.values.rule).map((rule: Rec, i) => {
    const vaultName = str(rule.target_vault_name);
    const vault = ctx.linked(plan, 'rule.target_vault_name', vaultTypes, ['name'], vaultName)[0];
    const every = rule.enable_continuous_backup === true ? '5m' : scheduleEvery(str(rule.schedule));
    if (every === undefined) ctx.warnings.push(`${plan.file}: ${plan.jsonPath}: the schedule of rule ${str(rule.rule_name) ?? i + 1} of ${plan.address} is not understood; 'every' is left out`);
    const copies = blocks(rule.copy_action).flatMap((copy) => {
      const arn = str(copy.destination_vault_arn);
      const local = ctx.linked(plan, 'rule.copy_action.destination_vault_arn', vaultTypes, ['arn'], arn)[0];
      const target = local ? vaults.get(local) : arn ? vaultFromArn(ctx, arn, plan) : undefined;
      if (target === undefined) {
        ctx.warnings.push(`${plan.file}: ${plan.jsonPath}: a copy action of ${plan.address} names a vault that is unknown until apply; it is left out`);
        return [];
      }
      const key = keyOf(local);
      return [{ vault: target, keep: days(num(block(copy.lifecycle)?.delete_after)), ...(key ? { key } : {}) }];
    });
    const vaultKey = keyOf(vault);
    return {
      name: str(rule.rule_name) ?? `rule-${i + 1}`,
      vault: vault ? vaults.get(vault) : undefined,
      ...(vaultKey ? { vaultKey } : {}),
      every,
      keep: days(num(block(rule.lifecycle)?.delete_after)),
      copies,
    };
  });
}

/** Glob of an ARN pattern (`arn:aws:rds:*:*:db:*`) as a regular expression. */
function arnPattern(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
}

/** The stores a selection chooses, and what could not be resolved. */
function selected(ctx: ImportContext, selection: TfResource, plan: TfResource, stores: ReadonlyMap<TfResource, string>, candidatesByAccount: ReadonlyMap<string, TfResource[]>): { chosen: TfResource[]; unresolved: string[] } {
  // A selection acts in its own account and region: `*` and tags never reach other accounts' resources.
  const region = ctx.regionOf(plan);
  const candidates = (candidatesByAccount.get(ctx.accountOf(plan).id) ?? []).filter((s) => s.file === selection.file && (region === undefined || ctx.regionOf(s) === undefined || ctx.regionOf(s) === region));
  const arnOf = (s: TfResource): string | undefined => str(s.values[SELECTABLE[s.type]!]);
  const chosen = new Set<TfResource>();
  const unresolved: string[] = [];
  const resources = Array.isArray(selection.values.resources) ? selection.values.resources.filter((v): v is string => typeof v === 'string') : [];
  for (const pattern of resources) {
    const re = arnPattern(pattern);
    for (const s of candidates) if (re.test(arnOf(s) ?? '')) chosen.add(s);
  }
  for (const s of ctx.linked(selection, 'resources', Object.keys(SELECTABLE), [])) if (stores.has(s)) chosen.add(s);
  if (ctx.unknownSays(selection, 'resources') && chosen.size === 0 && (selection.references.resources ?? []).length === 0) unresolved.push('its resource ARNs are unknown until apply');
  const conditions: [string, string, string][] = [];
  for (const tag of blocks(selection.values.selection_tag)) conditions.push([String(tag.type), String(tag.key), String(tag.value)]);
  for (const condition of blocks(selection.values.condition)) {
    for (const [operator, list] of Object.entries(condition)) for (const c of blocks(list)) conditions.push([operator, String(c.key), String(c.value)]);
  }
  for (const [operator, key, value] of conditions) {
    const tagKey = key.replace(/^aws:ResourceTag\//, '');
    if (operator !== 'STRINGEQUALS' && operator !== 'string_equals') {
      unresolved.push(`tag condition ${operator} ${tagKey}=${value} is not resolved by bcaudit`);
      continue;
    }
    let unknownTags = false;
    for (const s of candidates) {
      const tags = (s.values.tags_all ?? s.values.tags) as Rec | undefined;
      if (tags === undefined && (ctx.unknownSays(s, 'tags_all') || ctx.unknownSays(s, 'tags'))) unknownTags = true;
      if (tags && tags[tagKey] === value) chosen.add(s);
    }
    if (unknownTags) unresolved.push(`tags of some resources are unknown until apply, so tag ${tagKey}=${value} cannot be matched against them`);
  }
  const excluded = Array.isArray(selection.values.not_resources) ? selection.values.not_resources.filter((v): v is string => typeof v === 'string').map(arnPattern) : [];
  return { chosen: [...chosen].filter((s) => !excluded.some((re) => re.test(arnOf(s) ?? ''))), unresolved };
}

export function mapAwsBackup(ctx: ImportContext, stores: ReadonlyMap<TfResource, string>): void {
  const vaults = new Map<TfResource, string>();
  for (const v of [...ctx.of('aws_backup_vault'), ...ctx.of('aws_backup_logically_air_gapped_vault')]) vaults.set(v, vaultTarget(ctx, v));
  const candidatesByAccount = new Map<string, TfResource[]>();
  for (const s of stores.keys()) {
    if (SELECTABLE[s.type] === undefined) continue;
    const account = ctx.accountOf(s).id;
    const list = candidatesByAccount.get(account) ?? [];
    list.push(s);
    candidatesByAccount.set(account, list);
  }
  const rulesOf = new Map<TfResource, Rule[]>();
  for (const plan of ctx.of('aws_backup_plan')) rulesOf.set(plan, planRules(ctx, plan, vaults));
  for (const selection of ctx.of('aws_backup_selection')) {
    const plan = ctx.linked(selection, 'plan_id', ['aws_backup_plan'], ['id'])[0];
    if (!plan) {
      ctx.warnings.push(`${selection.file}: ${selection.jsonPath}: ${selection.address} belongs to a backup plan that is not in the files; it is left out`);
      continue;
    }
    const { chosen, unresolved } = selected(ctx, selection, plan, stores, candidatesByAccount);
    for (const reason of unresolved) ctx.warnings.push(`${selection.file}: ${selection.jsonPath}: ${selection.address}: ${reason}; add the backups it makes by hand`);
    for (const store of chosen.sort((a, b) => (a.address < b.address ? -1 : 1))) {
      const storeId = stores.get(store)!;
      for (const rule of rulesOf.get(plan) ?? []) {
        const base = `${storeId}.${ctx.idOf(plan)}.${rule.name}`.toLowerCase().replace(/[^a-z0-9._-]/g, '-');
        const note = `selected by ${selection.address}; rule ${rule.name} of ${plan.address}`;
        if (rule.vault === undefined) {
          ctx.warnings.push(`${plan.file}: ${plan.jsonPath}: rule ${rule.name} of ${plan.address} backs up to a vault that is not in the files; add it by hand`);
        } else {
          backupEntry(ctx, base, plan, {
            of: storeId,
            to: rule.vault,
            mode: 'backup',
            ...(rule.every ? { every: rule.every } : {}),
            ...(rule.keep ? { keep: rule.keep } : {}),
            ...(rule.vaultKey ? { encryption: rule.vaultKey } : {}),
            notes: [note, ...(rule.keep ? [] : ['no lifecycle delete_after: recovery points are kept until deleted'])],
          });
        }
        rule.copies.forEach((copy, i) => {
          backupEntry(ctx, `${base}.copy${rule.copies.length > 1 ? `-${i + 1}` : ''}`, plan, {
            of: storeId,
            to: copy.vault,
            mode: 'backup',
            ...(rule.every ? { every: rule.every } : {}),
            ...(copy.keep ? { keep: copy.keep } : {}),
            ...(copy.key ? { encryption: copy.key } : {}),
            notes: [`${note}: copy action`],
          });
        });
      }
    }
  }
}
