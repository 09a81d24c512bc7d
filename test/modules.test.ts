// Modules (src/model/quantifier.ts, the walk in assembly/quantifier.ts): a module's tree is
// planned from the walk of the root above it, without walking it again. Its figures must be the
// ones a walk of its own gives, to the bit and in the same event order: wrong parent counts or a
// gate wrongly taken for a module would merge other variables and list events in another order.
import { describe, expect, it } from 'vitest';
import type { Figures } from '../src/model/quantifier.js';
import { Quantifier } from '../src/model/quantifier.js';
import type { FaultGraph, Gate } from '../src/model/types.js';
import { Random } from './support/generate.js';

/** A random DAG of AND/OR gates: gate g's inputs are events and gates below g, some shared. */
function randomDag(seed: number): { graph: FaultGraph; p: Float64Array } {
  const rnd = new Random(seed);
  const count = rnd.int(2, 40);
  const events = count * 3;
  const gates: Gate[] = [];
  for (let g = 0; g < count; g++) {
    // Events mostly of the gate's own, sometimes one of any gate's: shared events break modules.
    const eventInputs = new Set<number>();
    for (let k = rnd.int(1, 3); k > 0; k--) eventInputs.add(rnd.chance(0.85) ? g * 3 + rnd.int(0, 2) : rnd.int(0, events - 1));
    // Mostly the gates just below, so that modules form; sometimes one far below.
    const inputs = new Set<number>();
    if (g > 0) for (let k = rnd.int(1, 3); k > 0; k--) inputs.add(rnd.chance(0.8) ? rnd.int(Math.max(0, g - 3), g - 1) : rnd.int(0, g - 1));
    gates.push({ index: g, id: `g${g}`, op: rnd.chance(0.5) ? 'and' : 'or', events: [...eventInputs], gates: [...inputs] });
  }
  // Only what the quantifier reads of a graph: its gates and how many events.
  const graph = { events: Array.from({ length: events }, (_, i) => ({ index: i })), gates } as unknown as FaultGraph;
  const p = Float64Array.from({ length: events }, () => 0.01 + rnd.int(0, 980) / 1000);
  return { graph, p };
}

function quantifier(graph: FaultGraph, p: Float64Array): Quantifier {
  return new Quantifier(graph, p, 1_000_000, true, [], 20_000);
}

function text(f: ReturnType<Quantifier['figures']>): string {
  if ('unavailable' in f) return f.unavailable;
  const { probability, constant, events, birnbaum } = f as Figures;
  return JSON.stringify({ probability, constant, events: [...events], birnbaum: [...birnbaum] });
}

describe('modules', () => {
  it("give a module's figures from its root's walk as from a walk of its own", () => {
    let modulesFromRoot = 0;
    const failures: string[] = [];
    for (let seed = 1; seed <= 1000; seed++) {
      const { graph, p } = randomDag(seed);
      const root = graph.gates.length - 1;
      // The root first: its modules are planned from its walk.
      const fromRoot = quantifier(graph, p);
      fromRoot.figures(root);
      modulesFromRoot += fromRoot.work.trees - 1;
      // Gates in ascending order: each is asked before any gate above it, so it is a root, walked itself.
      const ownWalks = quantifier(graph, p);
      for (let g = 0; g <= root; g++) {
        const own = text(ownWalks.figures(g));
        if (text(fromRoot.figures(g)) !== own) failures.push(`seed ${seed}, gate ${g}`);
      }
      expect(ownWalks.work.trees).toBe(graph.gates.length);
    }
    expect(failures).toEqual([]);
    expect(modulesFromRoot).toBeGreaterThan(1000);
  });
});
