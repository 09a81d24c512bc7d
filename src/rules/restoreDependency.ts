// Restoring needs a third-party service: while it is down, no copy comes back.
import type { Backup } from '../inventory/types.js';
import { listWords } from './facts.js';
import { singlesOfEntity } from './singleFailures.js';
import type { FindingDraft, Rule } from './types.js';

export const restoreDependency: Rule = {
  id: 'restore-dependency',
  title: 'Restoring needs a third-party service',
  defaultSeverity: 'medium',
  docs: {
    checks:
      "Backups whose `restore.requires` names a service: the data cannot come back while that service is down. One finding per data set and service; one severity step worse when every copy's restore needs the service (it is then a single point of failure of recovery: while it is down, nothing comes back) or when it also sits under the primary copy (an outage of it takes production down and blocks the restore).",
    why: "During a DDoS, a monitoring vendor's agent baked into every server image stopped new servers from booting; restores and scale-out needed new servers, and recovery stalled for a day (Jimdo). A restore path through someone else's service fails when you need it most.",
    fix: 'Give the restore a path without the service: an image or runbook that boots without the agent, a fallback login, a local copy of what the service provides; then remove it from restore.requires and test that path.',
  },
  optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  defaultOptions: {},
  check({ inventory, graph }) {
    const drafts: FindingDraft[] = [];
    for (const [storeId, backups] of inventory.backupsOf) {
      const store = inventory.stores.get(storeId)!;
      const needing = new Map<string, Backup[]>();
      for (const b of backups) {
        for (const dep of b.restore.requires) {
          if (inventory.sectionOf.get(dep) !== 'services') continue;
          const users = needing.get(dep);
          if (users) users.push(b);
          else needing.set(dep, [b]);
        }
      }
      const primary = singlesOfEntity(graph, storeId);
      for (const [service, users] of needing) {
        const underPrimary = primary.has(`service:${service}`);
        const all = users.length === backups.length;
        const which = all
          ? `every restore of ${store.id} (${listWords(users.map((b) => b.id))})`
          : `restoring ${store.id} from ${listWords(users.map((b) => b.id))}`;
        const kind = inventory.services.get(service)!.kind;
        drafts.push({
          subject: store.id,
          detail: service,
          criticality: store.criticality,
          escalate: all || underPrimary,
          message:
            `${which[0]!.toUpperCase()}${which.slice(1)} needs service ${service} (${kind}); while it is down, ${all ? `no copy can be restored: ${service} is a single point of failure of the recovery of ${store.id}` : 'those copies cannot be restored'}.` +
            (underPrimary ? ` The primary copy of ${store.id} depends on ${service} too, so the outage that takes production down also blocks the restore.` : ''),
          remediation: `Make the restore of ${store.id} work without ${service} (a fallback path, tested), then remove it from restore.requires.`,
          path: ['backups', users[0]!.id, 'restore', 'requires', users[0]!.restore.requires.indexOf(service)],
          events: [`service:${service}`],
          dataSets: [store.id],
        });
      }
    }
    return drafts;
  },
};
