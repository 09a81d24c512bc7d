// What the 3-2-1 family of rules counts for one store: copies, media, off-site and immutable copies.
import type { Backup, Inventory, Store } from '../inventory/types.js';
import { targetProvider } from '../model/build.js';

export interface CopyCount {
  /** The primary copy plus every backup copy, replicas included. */
  copies: number;
  /** Distinct media of the backup copies, sorted. The primary's medium is not declared, so it is not counted. */
  media: string[];
  /** Backup copies that share neither site, region nor provider with the primary copy. */
  offsite: Backup[];
  /** Backup copies on a `compliance` or `offline` target. */
  immutable: Backup[];
}

export function countCopies(inv: Inventory, store: Store, backups: readonly Backup[]): CopyCount {
  const primaryProvider = inv.accounts.get(store.account)?.provider;
  const isOffsite = (b: Backup): boolean => {
    const target = inv.targets.get(b.to)!;
    const provider = targetProvider(inv, target);
    const sameProvider = provider !== undefined && provider === primaryProvider;
    const sameSite = target.site !== undefined && target.site === store.site;
    // Regions are named per provider, so a shared region implies a shared provider.
    return !sameProvider && !sameSite;
  };
  return {
    copies: 1 + backups.length,
    media: [...new Set(backups.map((b) => inv.targets.get(b.to)!.media))].sort(),
    offsite: backups.filter(isOffsite),
    immutable: backups.filter((b) => {
      const immutable = inv.targets.get(b.to)!.immutable;
      return immutable === 'compliance' || immutable === 'offline';
    }),
  };
}

export interface CopyMinimums {
  copies: number;
  media: number;
  offsite: number;
}

/** What falls short of the minimums, in words, and what to do about each. */
export function copyShortfalls(count: CopyCount, min: CopyMinimums): { missing: string[]; fixes: string[] } {
  const missing: string[] = [];
  const fixes: string[] = [];
  if (count.copies < min.copies) {
    missing.push(`${count.copies} cop${count.copies === 1 ? 'y' : 'ies'} (needs ${min.copies}, the primary included)`);
    fixes.push(`add ${min.copies - count.copies} more backup cop${min.copies - count.copies === 1 ? 'y' : 'ies'}`);
  }
  if (count.media.length < min.media) {
    const media = count.media.length === 0 ? 'no backup medium' : `only ${count.media.join(', ')}`;
    missing.push(`${media} (needs ${min.media} different media)`);
    fixes.push(`put a copy on another medium (tape, disk, object storage) than ${count.media.join(', ') || 'the others'}`);
  }
  if (count.offsite.length < min.offsite) {
    missing.push(`${count.offsite.length} off-site (needs ${min.offsite} at another provider and site than the primary)`);
    fixes.push('keep a copy at another provider and site than the primary copy');
  }
  return { missing, fixes };
}
