// The clause counter (src/model/clauseCount.ts) on its own, against brute force: random trees of
// AND/OR gates over a dozen variables (some constant), every assignment enumerated, so P(root)
// and ∂P/∂q of each variable are sums over worlds. analyseProbability's tests reach the counter
// only through trees whose diagrams grow large; these reach every kind of root.
import { describe, expect, it } from 'vitest';
import { clauseBound, countByClauses, CountLimitError, type ClauseTree } from '../src/model/clauseCount.js';
import { Random } from './support/generate.js';

type Gate = ClauseTree['gates'][number];

/** Gates over earlier gates and variables; the root reads what no other gate does, so every gate counts. */
function randomTree(seed: number, variables: number): ClauseTree {
  const rnd = new Random(seed);
  const gates: Gate[] = [];
  const unread = new Set<number>();
  const count = rnd.int(1, 7);
  for (let g = 0; g < count; g++) {
    const vars = new Set<number>();
    for (let k = rnd.int(g === 0 ? 1 : 0, 4); k > 0; k--) vars.add(rnd.int(0, variables - 1));
    const children = new Set<number>();
    for (let k = g === 0 ? 0 : rnd.int(0, Math.min(g, 3)); k > 0; k--) children.add(rnd.int(0, g - 1));
    if (vars.size + children.size === 0) vars.add(rnd.int(0, variables - 1));
    for (const c of children) unread.delete(c);
    unread.add(g);
    gates.push({ op: rnd.chance(0.5) ? 'and' : 'or', variables: [...vars], children: [...children] });
  }
  unread.delete(count - 1);
  const root = gates[count - 1]!;
  gates[count - 1] = { ...root, children: [...new Set([...root.children, ...unread])] };
  return { variables, gates };
}

function evaluate(tree: ClauseTree, state: readonly boolean[]): boolean {
  const value: boolean[] = [];
  for (const gate of tree.gates) {
    const inputs = [...gate.variables.map((v) => state[v]!), ...gate.children.map((c) => value[c]!)];
    value.push(gate.op === 'and' ? inputs.every(Boolean) : inputs.some(Boolean));
  }
  return value[value.length - 1]!;
}

/** P(root) and, per variable, P(root | v) - P(root | not v) = ∂P/∂q(v). */
function bruteForce(tree: ClauseTree, q: Float64Array): { probability: number; derivative: number[] } {
  const n = tree.variables;
  let probability = 0;
  const given = Array.from({ length: n }, () => [0, 0]);
  for (let world = 0; world < 1 << n; world++) {
    const state = Array.from({ length: n }, (_, v) => ((world >> v) & 1) === 1);
    if (!evaluate(tree, state)) continue;
    let weight = 1;
    for (let v = 0; v < n; v++) weight *= state[v] ? q[v]! : 1 - q[v]!;
    probability += weight;
    // The world's weight without v's factor, added to P(root | v) or P(root | not v).
    for (let v = 0; v < n; v++) {
      const factor = state[v] ? q[v]! : 1 - q[v]!;
      if (factor > 0) given[v]![state[v] ? 1 : 0]! += weight / factor;
    }
  }
  return { probability, derivative: given.map(([without, withV]) => withV! - without!) };
}

/** What `run` throws (undefined when it returns). */
function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

/**
 * A data set's copies where none has an event of its own: the AND of `copies` ORs, each over two
 * to five of `shared` events. Making one event impossible then often leaves a copy's OR inside
 * another's, the case the counter drops.
 */
function copiesOverSharedEvents(seed: number, copies: number, shared: number): ClauseTree {
  const rnd = new Random(seed);
  const gates: Gate[] = [];
  for (let c = 0; c < copies; c++) {
    const vars = new Set<number>();
    for (let size = rnd.int(2, 5); vars.size < size; ) vars.add(rnd.int(0, shared - 1));
    gates.push({ op: 'or', variables: [...vars], children: [] });
  }
  gates.push({ op: 'and', variables: [], children: gates.map((_, i) => i) });
  return { variables: shared, gates };
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 + 1e-9 * Math.abs(b);
const limits = { maxClauses: 10_000, maxNodes: 100_000 };

/** The counter's probability, derivatives and constancy against brute force: what differs, as text. */
function differencesFromBruteForce(label: string, tree: ClauseTree, q: Float64Array, fixed: Uint8Array): string[] {
  const failures: string[] = [];
  const brute = bruteForce(tree, q);
  const counted = countByClauses(tree, q, fixed, limits);
  if (!close(counted.probability, brute.probability)) failures.push(`${label}: P ${counted.probability} vs ${brute.probability}`);
  const { variables, values } = counted.derivatives();
  const listed = new Map([...variables].map((v, i) => [v, values[i]!]));
  for (let v = 0; v < tree.variables; v++) {
    if (fixed[v]) {
      if (listed.has(v)) failures.push(`${label}: constant ${v} listed`);
      continue;
    }
    const d = listed.get(v) ?? 0;
    if (!close(d, brute.derivative[v]!)) failures.push(`${label}: ∂P/∂q${v} ${d} vs ${brute.derivative[v]}`);
  }
  if (counted.constant !== [...brute.derivative.entries()].every(([v, d]) => fixed[v] === 1 || Math.abs(d) < 1e-15)) failures.push(`${label}: constant ${counted.constant}`);
  if (![...variables].every((v, i) => i === 0 || variables[i - 1]! < v)) failures.push(`${label}: variables not ascending`);
  return failures;
}

describe('clause counter', () => {
  it('equals brute force, with derivatives, on 300 random trees with AND and OR roots', () => {
    const failures: string[] = [];
    const roots = { and: 0, or: 0 };
    for (let seed = 1; seed <= 300; seed++) {
      const tree = randomTree(seed, 10);
      const rnd = new Random(seed * 31);
      // A few variables constant (q 0 or 1, as probability.ts passes them), the rest strictly between.
      const fixed = Uint8Array.from({ length: tree.variables }, () => (rnd.chance(0.15) ? 1 : 0));
      const q = Float64Array.from(fixed, (f) => (f ? rnd.pick([0, 1]) : rnd.int(1, 999) / 1000));
      roots[tree.gates[tree.gates.length - 1]!.op]++;
      failures.push(...differencesFromBruteForce(`seed ${seed}`, tree, q, fixed));
    }
    expect(failures.slice(0, 10)).toEqual([]);
    expect(Math.min(roots.and, roots.or)).toBeGreaterThan(50);
  });

  it('equals brute force on 100 sets of copies over shared events only, where impossible events leave clauses inside others', () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= 100; seed++) {
      const tree = copiesOverSharedEvents(seed, 6 + (seed % 15), 12);
      const rnd = new Random(seed * 17);
      const q = Float64Array.from({ length: tree.variables }, () => rnd.int(1, 999) / 1000);
      failures.push(...differencesFromBruteForce(`seed ${seed}`, tree, q, new Uint8Array(tree.variables)));
    }
    expect(failures.slice(0, 10)).toEqual([]);
  });

  it('drops the clauses an impossible event leaves inside others, so shared-only copies fit a small budget', () => {
    // 80 copies over 30 shared events, 71 minimal clauses. Without the dropping the circuit took
    // 14,654 nodes and needed a budget of 206,868 (its reads ran out first); with it, 4,583 nodes
    // within a budget of 37,976.
    const tree = copiesOverSharedEvents(11, 80, 30);
    const q = new Float64Array(30).fill(0.1);
    const counted = countByClauses(tree, q, new Uint8Array(30), { maxClauses: 10_000, maxNodes: 50_000 });
    expect(counted.clauses).toBe(71);
    expect(counted.nodes).toBeLessThan(5_000);
  });

  it('bounds the clauses before minimising: sums under an AND, products under an OR (of the dual for an OR root)', () => {
    // AND(OR(0, 1, 2), OR(3, 4)): two clauses; its dual, OR(AND(0, 1, 2), AND(3, 4)), 3 · 2.
    const tree: ClauseTree = {
      variables: 5,
      gates: [
        { op: 'or', variables: [0, 1, 2], children: [] },
        { op: 'or', variables: [3, 4], children: [] },
        { op: 'and', variables: [], children: [0, 1] },
      ],
    };
    expect(clauseBound(tree, false)).toBe(2);
    expect(clauseBound(tree, true)).toBe(6);
  });

  it('gives up on more clauses than the budget, as too many clauses: by their bound (past four times the budget) or once minimised', () => {
    // An OR over one AND of three 3-variable ORs: its dual has the unit clause of 9 and the 3^3 = 27 choices.
    const groups = [0, 1, 2].map((g) => ({ op: 'or' as const, variables: [g * 3, g * 3 + 1, g * 3 + 2], children: [] }));
    const tree: ClauseTree = {
      variables: 10,
      gates: [...groups, { op: 'and', variables: [], children: [0, 1, 2] }, { op: 'or', variables: [9], children: [3] }],
    };
    expect(clauseBound(tree, true)).toBe(28);
    const q = new Float64Array(10).fill(0.1);
    const fixed = new Uint8Array(10);
    // 6: the bound (28) is past 4 · 6, nothing is built; 20: within 4 · 20, minimised to 28 > 20.
    for (const maxClauses of [6, 20]) {
      const error = thrownBy(() => countByClauses(tree, q, fixed, { maxClauses, maxNodes: 100_000 }));
      expect(error).toBeInstanceOf(CountLimitError);
      expect((error as CountLimitError).counting).toBe(false);
    }
    const counted = countByClauses(tree, q, fixed, { maxClauses: 28, maxNodes: 100_000 });
    expect(counted.clauses).toBe(28);
    expect(close(counted.probability, bruteForce(tree, q).probability)).toBe(true);
  });

  it('gives up when the circuit outgrows its node budget, as counting (not as too many clauses)', () => {
    // Ten copies, each the OR of its own event and two of four shared ones: the clauses fit, their circuit does not fit in 5 nodes.
    const gates: Gate[] = [];
    for (let c = 0; c < 10; c++) gates.push({ op: 'or', variables: [c, 10 + (c % 4), 10 + ((c * 3 + 1) % 4)], children: [] });
    gates.push({ op: 'and', variables: [], children: gates.map((_, i) => i) });
    const tree: ClauseTree = { variables: 14, gates };
    const q = new Float64Array(14).fill(0.3);
    const error = thrownBy(() => countByClauses(tree, q, new Uint8Array(14), { maxClauses: 100, maxNodes: 5 }));
    expect(error).toBeInstanceOf(CountLimitError);
    expect((error as CountLimitError).counting).toBe(true);
    // The reason probability.ts gives for the unavailable figure.
    expect((error as CountLimitError).message).toBe('the exact computation outgrew its budget of 5 nodes (--max-bdd-nodes)');
    const counted = countByClauses(tree, q, new Uint8Array(14), { maxClauses: 100, maxNodes: 100_000 });
    expect(close(counted.probability, bruteForce(tree, q).probability)).toBe(true);
  });
});
