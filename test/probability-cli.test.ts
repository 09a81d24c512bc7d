// Machine outputs that carry probabilities (issue 14): check --format json, graph --format mef and
// simulate --format json, each naming the policy its figures rest on.
import { describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';

interface Importance {
  event: string;
  probability: number;
  fussellVesely: number;
  riskReductionWorth: number | null;
  lossWithout: number;
}

describe('probabilities in machine outputs', () => {
  it('check --format json: loss probability, group probabilities and importance per data set, fix first over critical data', async () => {
    const run = await runCli(['check', 'examples/raisup.yml', '--format', 'json']);
    const doc = JSON.parse(run.stdout) as {
      version: number;
      datasets: { lossProbability: number; riskGroups: string[][]; riskGroupProbabilities: number[]; importance: Importance[] }[];
      probability: { policy: string; scope: string; lossProbability: number; fixFirst: { event: string; before: number; after: number }[]; importance: Importance[]; unavailable: null };
    };
    expect(doc.version).toBe(2);
    for (const d of doc.datasets) {
      expect(d.lossProbability).toBeGreaterThan(0);
      expect(d.riskGroupProbabilities).toHaveLength(d.riskGroups.length);
      // A risk group is one way to lose the data: never likelier than losing it.
      for (const p of d.riskGroupProbabilities) expect(p).toBeLessThanOrEqual(d.lossProbability);
      expect(d.importance.length).toBeGreaterThan(0);
    }
    expect(doc.probability.policy).toBe('baseline');
    expect(doc.probability.scope).toBe('critical');
    expect(doc.probability.unavailable).toBeNull();
    expect(doc.probability.fixFirst.length).toBeGreaterThan(0);
    const first = doc.probability.fixFirst[0]!;
    expect(first.after).toBeLessThan(first.before);
    expect(first.event).toBe(doc.probability.importance[0]!.event);

    const bare = await runCli(['check', 'examples/raisup.yml', '--format', 'json', '--policy', 'p.yml'], { files: { 'p.yml': 'version: 1\nrules:\n  no-backup:\n' } });
    const plain = JSON.parse(bare.stdout) as { probability: unknown; datasets: { lossProbability: unknown; importance: unknown }[] };
    expect(plain.probability).toBeNull();
    expect(plain.datasets[0]!.lossProbability).toBeNull();
    expect(plain.datasets[0]!.importance).toBeNull();
  });

  it('--max-bdd-nodes (or BCAUDIT_MAX_BDD_NODES) bounds the exact computation: over it the probabilities are unavailable, with the reason', async () => {
    for (const argv of [['--max-bdd-nodes', '5'], []]) {
      const run = await runCli(['check', 'examples/raisup.yml', '--format', 'json', ...argv], argv.length === 0 ? { env: { BCAUDIT_MAX_BDD_NODES: '5' } } : {});
      const doc = JSON.parse(run.stdout) as {
        probability: { unavailable: string | null; lossProbability: number | null };
        datasets: { lossProbability: number | null; importance: unknown; probabilityUnavailable: string | null }[];
      };
      expect(doc.probability.unavailable).toMatch(/more than 5 nodes \(--max-bdd-nodes\)/);
      expect(doc.probability.lossProbability).toBeNull();
      // A data set is either computed or says why not; never a number without the other.
      for (const d of doc.datasets) {
        if (d.lossProbability === null) expect(d.probabilityUnavailable).toMatch(/--max-bdd-nodes/);
        else expect(d.probabilityUnavailable).toBeNull();
        expect(d.importance === null).toBe(d.lossProbability === null);
      }
      expect(doc.datasets.some((d) => d.lossProbability === null)).toBe(true);
    }
    const text = await runCli(['check', 'examples/raisup.yml', '--max-bdd-nodes', '5'], { env: { NO_COLOR: '1' } });
    expect(text.stdout).toMatch(/chance of loss unknown/);
    expect(text.stdout).toMatch(/Chance of loss unknown for data sets? .*more than 5 nodes \(--max-bdd-nodes\)/);
    const report = await runCli(['report', 'examples/raisup.yml', '--now', '2026-11-24', '--max-bdd-nodes', '5']);
    expect(report.stdout).toMatch(/Chance of loss unknown/);
  });

  it('graph --format mef: every basic event carries the likelihood of the policy it names', async () => {
    const run = await runCli(['graph', 'examples/raisup.yml', '--format', 'mef', '--policy', 'strict']);
    expect(run.code).toBe(0);
    const events = run.stdout.match(/<define-basic-event /g)!.length;
    expect(run.stdout.match(/<float value="0\.\d+"\/>/g)).toHaveLength(events);
    expect(run.stdout).toContain('likelihoods of policy strict');
  });

  it('simulate --format json: loss probabilities now and with the failures', async () => {
    const run = await runCli(['simulate', 'examples/raisup.yml', '--fail', 'fra1', '--format', 'json']);
    const doc = JSON.parse(run.stdout) as {
      probability: { policy: string; lossProbability: { before: number; after: number }; datasets: { id: string; before: number; after: number }[] };
    };
    expect(doc.probability.policy).toBe('baseline');
    expect(doc.probability.lossProbability.after).toBeGreaterThan(doc.probability.lossProbability.before);
    for (const d of doc.probability.datasets) expect(d.after).toBeGreaterThanOrEqual(d.before);
  });
});
