// What to do about a basic event that several copies share, by kind of event.
import type { Inventory } from '../inventory/types.js';
import type { BasicEvent } from '../model/types.js';

export function remedyFor(event: BasicEvent, inv: Inventory): string {
  const s = event.subject;
  switch (event.kind) {
    case 'provider':
      return `Keep a backup copy at another provider, in an account that does not depend on ${s} for anything (billing, login, admins).`;
    case 'account':
      return `Keep a backup copy outside account ${s}: a separate account (ideally at another provider) with its own billing and admins, so suspending ${s} cannot reach it.`;
    case 'billing': {
      const paid = inv.accountsPaidBy.get(s) ?? [];
      return `Pay the account holding the backup copy with another payment method (or by invoice): ${s} pays ${paid.join(', ') || 'every account involved'}, so one failed payment suspends them all.`;
    }
    case 'region':
      return `Keep a copy in another region (or at another provider) than ${s.replace('/', "'s region ")}.`;
    case 'site':
      return `Keep a copy at another physical site than ${s}.`;
    case 'service':
      return `Take service ${s} out of the path: a copy or restore that needs it fails with it. Give the restore a fallback, or keep a copy that does not depend on ${s}.`;
    case 'identity-lost':
      return `Add a second admin (or a break-glass identity kept offline) wherever ${s} is the only one, so losing ${s} does not lock you out of every copy.`;
    case 'identity-compromised':
      return `Make at least one copy safe from ${s}: put it on an immutable target (compliance or offline), or in an account ${s} cannot administer or delete from.`;
    case 'key':
      return `Keep key ${s} where the data's failures cannot reach it: escrowed offline with two holders, or in a separate account; or encrypt the off-site copy with another key.`;
    case 'store':
      return `Add a point-in-time backup (mode: backup) of ${s}: a replica mirrors corruption and deletion, and the primary alone is one mistake away from loss.`;
    case 'target':
      return `Add a copy at a second, independent target: everything depends on ${s}.`;
    case 'backup':
      return `Add a second, independent backup job and monitor that ${s} really runs: a silently failing job is the only copy.`;
  }
}

/**
 * The same fix as one short change a manager can assign: the entity and what to do with it, e.g.
 * "account do-main: keep one copy outside it, in an account with its own billing and admins".
 */
export function changeFor(event: BasicEvent, inv: Inventory): string {
  const s = event.subject;
  switch (event.kind) {
    case 'provider':
      return inv.providers.get(s)?.kind === 'self'
        ? `Keep one copy off your own infrastructure (${s}), with a storage provider`
        : `Keep one copy at another provider than ${s}`;
    case 'account':
      return `Keep one copy outside account ${s}, in an account with its own billing and admins`;
    case 'billing': {
      const paid = inv.accountsPaidBy.get(s) ?? [];
      return paid.length > 1
        ? `Pay the accounts that hold backup copies with a second payment method, not ${s}`
        : `Keep one copy in an account paid by another method than ${s}`;
    }
    case 'region':
      return `Keep one copy outside region ${s.replace('/', "'s ")}`;
    case 'site':
      return `Keep one copy at another site than ${s}`;
    case 'service':
      return `Make access and restores work without service ${s}`;
    case 'identity-lost':
      return `Give everything ${s} alone administers a second admin, and keep a break-glass login offline`;
    case 'identity-compromised':
      return `Take ${s}'s delete rights over one copy: an immutable target, or an account with a second, separate admin`;
    case 'key':
      return `Keep key ${s} escrowed outside the data's failures (offline, two holders)`;
    case 'store':
      return `Add a point-in-time backup of ${s}`;
    case 'target':
      return `Add a copy at a second, independent target besides ${s}`;
    case 'backup':
      return `Monitor backup job ${s} and add a second, independent one`;
  }
}
