// Where in the inventory a basic event is declared, for locating findings.
import type { PathSegment } from '../inventory/yamlSource.js';
import type { Inventory } from '../inventory/types.js';
import type { BasicEvent } from '../model/types.js';

export function entityPathOfEvent(event: BasicEvent, inv: Inventory, dataSet: string): PathSegment[] {
  switch (event.kind) {
    case 'region':
    case 'site': {
      const field = event.kind;
      const store = inv.stores.get(dataSet);
      if (store && store[field] !== undefined) return ['stores', dataSet, field];
      return ['stores', dataSet];
    }
    case 'identity-lost':
    case 'identity-compromised':
      return ['identities', event.subject];
    default: {
      const section = inv.sectionOf.get(event.subject);
      return section ? [section, event.subject] : ['stores', dataSet];
    }
  }
}
