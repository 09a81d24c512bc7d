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
