// `--observations FILE` for check and report: what `verify --observations-out` saw, as findings.
// The verify modules load only when the flag is given, so a plain check never loads them.
import type { Finding } from '../rules/types.js';
import type { Inventory } from '../inventory/types.js';
import type { ObservationsFile } from '../verify/observations.js';
import { InputProblems } from './errors.js';
import type { InputContext } from './context.js';
import { readText } from './inputFiles.js';

export interface LoadedObservations {
  observations: ObservationsFile;
  /** The findings the observations give against an inventory. */
  findingsFor(inventory: Inventory): Finding[];
}

export async function loadObservations(ctx: InputContext, file: string): Promise<LoadedObservations> {
  const text = readText(ctx, file, 'observations file');
  const { parseObservations, observationFindings } = await import('../verify/observations.js');
  const parsed = parseObservations(text, file);
  if (!parsed.ok) throw new InputProblems(parsed.problems);
  return { observations: parsed.observations, findingsFor: (inventory) => observationFindings(parsed.observations, inventory) };
}
