// The module finder (src/model/modules.ts): a module's own tree answers the same from the walk of
// a root above it as from a walk of its own, which is what lets probability.ts plan modules
// without walking them again.
import { describe, expect, it } from 'vitest';
import { ModuleFinder, type GateInputs } from '../src/model/modules.js';
import { Random } from './support/generate.js';

/** A random DAG of AND/OR gates: gate g's inputs are events and gates below g, some shared. */
function randomDag(seed: number): { gates: GateInputs[]; events: number } {
  const rnd = new Random(seed);
  const count = rnd.int(2, 40);
  const events = count * 3;
  const gates: GateInputs[] = [];
  for (let g = 0; g < count; g++) {
    // Events mostly of the gate's own, sometimes one of any gate's: shared events break modules.
    const eventInputs = new Set<number>();
    for (let k = rnd.int(1, 3); k > 0; k--) eventInputs.add(rnd.chance(0.85) ? g * 3 + rnd.int(0, 2) : rnd.int(0, events - 1));
    // Mostly the gates just below, so that modules form; sometimes one far below.
    const inputs = new Set<number>();
    if (g > 0) for (let k = rnd.int(1, 3); k > 0; k--) inputs.add(rnd.chance(0.8) ? rnd.int(Math.max(0, g - 3), g - 1) : rnd.int(0, g - 1));
    gates.push({ op: rnd.chance(0.5) ? 'and' : 'or', events: [...eventInputs], gates: [...inputs] });
  }
  return { gates, events };
}

/** What plan() asks of a walk, for every gate and event of `root`'s tree. */
function answers(finder: ModuleFinder, gates: readonly GateInputs[], root: number): string[] {
  const out: string[] = [];
  const seen = new Set<number>();
  const stack = [root];
  while (stack.length > 0) {
    const g = stack.pop()!;
    if (seen.has(g)) continue;
    seen.add(g);
    for (const e of gates[g]!.events) out.push(`event ${e}: ${finder.eventParents(e)} parents`);
    for (const c of gates[g]!.gates) {
      out.push(`gate ${c}: ${finder.gateParents(c)} parents, module ${finder.isModule(c)}`);
      stack.push(c);
    }
  }
  return out.sort();
}

describe('module finder', () => {
  it("answers for a module's tree from its root's walk as from a walk of the module itself", () => {
    let modulesChecked = 0;
    const failures: string[] = [];
    for (let seed = 1; seed <= 1000; seed++) {
      const { gates, events } = randomDag(seed);
      const root = gates.length - 1;
      const finder = new ModuleFinder(gates.length, events, (g) => gates[g]!);
      finder.detect(root);
      const modules = gates.map((_, g) => g).filter((g) => g !== root && finder.isModule(g));
      expect(finder.covers(root)).toBe(true);
      for (const m of modules) {
        finder.detect(root);
        expect(finder.covers(m)).toBe(true);
        const fromRoot = answers(finder, gates, m);
        finder.detect(m);
        const fromModule = answers(finder, gates, m);
        if (JSON.stringify(fromRoot) !== JSON.stringify(fromModule)) failures.push(`seed ${seed}, module ${m}`);
        modulesChecked++;
      }
      // A gate that is not a module of the walk's root is not covered: it needs its own walk.
      finder.detect(root);
      for (let g = 0; g < root; g++) if (!finder.isModule(g)) expect(finder.covers(g)).toBe(false);
    }
    expect(failures).toEqual([]);
    expect(modulesChecked).toBeGreaterThan(1000);
  });
});
