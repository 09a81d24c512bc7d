// An account or target holding important data has a single person among its admins.
import type { Criticality } from '../inventory/types.js';
import { criticalitiesOption, listWords, mostCritical, storesHeld } from './facts.js';
import type { FindingDraft, Rule } from './types.js';

export interface BusFactorOptions {
  criticalities: Criticality[];
}

export const busFactor: Rule<BusFactorOptions> = {
  id: 'bus-factor',
  title: 'One person holds the keys',
  defaultSeverity: 'high',
  docs: {
    checks:
      "Accounts, and targets outside any account, that hold data of the listed criticalities (a primary copy or a backup copy) and have fewer than two people (identities of kind person) among their admins. Targets inside an account are judged with their account.",
    why: 'When the one admin is ill, on holiday, leaves, or loses the phone with the second factor, nobody can restore, pay, answer the provider or stop an attacker. A startup\'s only account had one owner (Raisup); a small hoster\'s servers and backups were run by one person on the side of another job.',
    fix: 'Add a second person as admin (with their own login and second factor) and a break-glass credential kept offline; write down how to reach both.',
  },
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { criticalities: criticalitiesOption('Data of these criticalities makes an account or target count.') },
  },
  defaultOptions: { criticalities: ['critical', 'high'] },
  check({ inventory, options }) {
    const drafts: FindingDraft[] = [];
    const held = storesHeld(inventory);
    const holders: { section: 'accounts' | 'targets'; id: string; noun: string; admins: string[] }[] = [
      ...[...inventory.accounts.values()].map((a) => ({ section: 'accounts' as const, id: a.id, noun: 'account', admins: a.admins })),
      ...[...inventory.targets.values()]
        .filter((t) => t.account === undefined)
        .map((t) => ({ section: 'targets' as const, id: t.id, noun: 'target', admins: t.admins })),
    ];
    for (const h of holders) {
      const stores = (held.get(h.id) ?? []).filter((s) => options.criticalities.includes(inventory.stores.get(s)!.criticality));
      if (stores.length === 0) continue;
      const people = h.admins.filter((a) => inventory.identities.get(a)?.kind === 'person');
      if (people.length >= 2) continue;
      const criticality = mostCritical(stores.map((s) => inventory.stores.get(s)!.criticality));
      const consequence =
        people.length === 1
          ? `has one person among its admins, ${people[0]}: if ${people[0]} is away, leaves or loses access, nobody can act on it`
          : 'has no person among its admins: nobody can act on it when its credentials are lost';
      drafts.push({
        subject: h.id,
        criticality,
        message: `${h.noun[0]!.toUpperCase()}${h.noun.slice(1)} ${h.id} holds ${criticality} data (${listWords(stores)}) and ${consequence}.`,
        remediation: `Add a second person as admin of ${h.id}, with their own login and second factor, and keep a break-glass credential offline.`,
        path: [h.section, h.id, 'admins'],
        events: people.map((p) => `identity:${p}:lost`),
        dataSets: stores,
      });
    }
    return drafts;
  },
};

