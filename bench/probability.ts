// `npx tsx bench/probability.ts`: what loss probabilities and importance (issue 14) add to `check`,
// on the synthetic inventories of bench/run.ts (same generator, seed and shapes), and which figures
// the node budget leaves unknown. Prints the Markdown section "Probability and importance" of
// BENCHMARKS.md; with --update FILE it replaces that section in FILE (bench/run.ts does this after
// writing BENCHMARKS.md).
//
// Two measures. From the CLI, the goal's (what a user waits for): the built `bcaudit check --format
// json -o FILE` under the baseline policy without its likelihoods, then with them, both read from
// files, in pairs (--pairs; 3 at 100k): the median of each, and the median of the pairs'
// differences. In-process, check = parse + validate + resolve + audit + JSON (encoded as `-o FILE`
// writes it) under the same two policies, alternating, best of --runs each (1 at 100k), wall and
// CPU time: what the computation costs, without what every check pays whatever the policy
// (starting node, loading the CLI, writing the file). The machine's load average is printed with
// every row: on a shared machine the wall times are noisy, CPU times less so. Needs `npm run build`
// (bench/run.ts builds first).
//
// Options: --sizes 1000,10000,100000  --isolated-sizes 1000,10000 (bench/isolated.ts: data sets that share
// little)  --runs 3  --pairs 10  --order 3  --seed 20261124  --update FILE
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { audit, type AuditResult } from '../src/audit.js';
import { inventorySchema } from '../src/inventory/load.js';
import { resolveInventory } from '../src/inventory/resolve.js';
import { validateAgainstSchema } from '../src/inventory/validate.js';
import { parseYamlFast } from '../src/inventory/yamlSource.js';
import { DEFAULT_MAX_BDD_NODES } from '../src/model/limits.js';
import { parsePolicy } from '../src/policy/load.js';
import type { Policy } from '../src/policy/types.js';
import { encoded } from '../src/cli/io.js';
import { checkReportPieces } from '../src/report/index.js';
import { generateInventory, inventoryToYaml } from '../test/support/generate.js';
import { isolatedInventory } from './isolated.js';
import { writeBaselinePolicies } from './policies.js';
import { replaceSection } from './section.js';
import { median } from './stats.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000,100000' },
    'isolated-sizes': { type: 'string', default: '1000,10000' },
    runs: { type: 'string', default: '3' },
    pairs: { type: 'string', default: '10' },
    order: { type: 'string', default: '3' },
    seed: { type: 'string', default: '20261124' },
    update: { type: 'string' },
  },
});
type Shape = 'shared' | 'isolated';
const plan: [Shape, number][] = [
  ...values.sizes.split(',').filter(Boolean).map((n): [Shape, number] => ['shared', Number(n)]),
  ...values['isolated-sizes'].split(',').filter(Boolean).map((n): [Shape, number] => ['isolated', Number(n)]),
];
const runs = Number(values.runs);
const pairs = Number(values.pairs);
const maxOrder = Number(values.order);
const seed = Number(values.seed);
const NOW = '2026-12-04';
const SECTION = '## Probability and importance';
/** The command line as a reader would type it from the repository's root. */
const ARGS = process.argv.slice(2).map((a) => (isAbsolute(a) ? relative(process.cwd(), a) : a));

const parsed = parsePolicy({ text: readFileSync(new URL('../policies/baseline.yml', import.meta.url), 'utf8'), file: 'baseline.yml' }, () => {
  throw new Error('baseline extends nothing');
});
if (!parsed.ok) throw new Error(parsed.problems[0]!.message);
const withLikelihood: Policy = parsed.policy;
const { likelihood: _dropped, ...rest } = withLikelihood;
const withoutLikelihood: Policy = rest;

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin', 'bcaudit.js');
const WORK = join(ROOT, 'bench', '.work', 'probability');
mkdirSync(WORK, { recursive: true });
const { withLikelihood: POLICY_WITH, withoutLikelihood: POLICY_WITHOUT } = writeBaselinePolicies(ROOT, WORK);

/** Wall milliseconds of one `bcaudit check` run from the CLI, as a user runs it. */
function cliRun(file: string, policy: string, out: string): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, 'check', file, '--format', 'json', '-o', out, '--policy', policy, '--max-order', String(maxOrder), '--now', NOW, '--fail-on', 'never'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`bcaudit check ${file} exited ${r.status}: ${r.stderr.toString().slice(0, 400)}`);
  return ms;
}

/** Pairs of CLI runs, without likelihoods then with them: medians of each and of the differences. */
function cliPairs(yaml: string, name: string, count: number): { without: number; with: number; added: number } {
  const file = join(WORK, `${name}.yml`);
  writeFileSync(file, yaml);
  const out = join(WORK, `${name}.json`);
  const without: number[] = [];
  const withLikelihoods: number[] = [];
  for (let i = 0; i < count; i++) {
    without.push(cliRun(file, POLICY_WITHOUT, out));
    withLikelihoods.push(cliRun(file, POLICY_WITH, out));
  }
  rmSync(out, { force: true });
  rmSync(file, { force: true });
  return { without: median(without), with: median(withLikelihoods), added: median(withLikelihoods.map((w, i) => w - without[i]!)) };
}

function load(yaml: string) {
  const source = parseYamlFast(yaml, 'bench.yml');
  if (!source) throw new Error('the benchmark inventory must take the fast path');
  const problems = validateAgainstSchema(inventorySchema, source);
  if (problems.length > 0) throw new Error(problems[0]!.message);
  const resolved = resolveInventory(source);
  if (!resolved.ok) throw new Error(resolved.problems[0]!.message);
  return resolved.inventory;
}

interface Run<T> {
  wallMs: number;
  cpuMs: number;
  /** What the table needs of the audit, taken after the clock stopped. */
  kept: T;
}

/**
 * One timed check. Only `keep(result)` outlives it: a run that held on to its result (hundreds of
 * megabytes at 100k) would make the next run's garbage collections slower, and the two runs
 * alternate.
 */
function check<T>(yaml: string, policy: Policy, keep: (result: AuditResult) => T): Run<T> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const result = audit(load(yaml), { maxOrder, policy, now: NOW });
  // Written as the CLI writes `-o FILE`: pieces encoded into one reused buffer, never one string.
  let bytes = 0;
  for (const chunk of encoded(checkReportPieces('json', { results: [result], failOn: 'high', color: 0, policyName: 'baseline', now: NOW, toolVersion: 'bench' }), undefined, true)) bytes += chunk.length;
  if (bytes === 0) throw new Error('empty document');
  const cpu = process.cpuUsage(c0);
  const wallMs = performance.now() - t0;
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, kept: keep(result) };
}

/** What a row and its note say about the run with likelihoods. */
function summary(result: AuditResult) {
  const p = result.probability!;
  return {
    events: result.graph.events.length,
    dataSets: result.dataSets.length,
    unavailable: [...p.unavailable.keys()],
    unknown: result.dataSets.filter((d) => d.lossProbabilityUnavailable !== undefined).map((d) => ({ id: d.id, copies: d.copies })),
    critical: p.critical ? `${p.critical.lossProbability.toPrecision(3)} (${p.scope})` : 'unknown',
    criticalUnavailable: p.criticalUnavailable !== null,
    work: p.work,
  };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en');
const pct = (a: number, b: number) => `${a >= b ? '+' : ''}${(((a - b) / b) * 100).toFixed(0)}%`;

const rows: string[] = [];
const notes: string[] = [];
for (const [shape, entities] of plan) {
  const yaml = inventoryToYaml(shape === 'shared' ? generateInventory(seed + entities, { entities, waivers: false }) : isolatedInventory(entities));
  const repeat = entities >= 100_000 ? 1 : runs;
  process.stderr.write(`${shape} ${entities} ...\n`);
  const load0 = loadavg()[0]!;
  let plain: Run<null> | undefined;
  let full: Run<ReturnType<typeof summary>> | undefined;
  // Alternate, so that a change in the machine's load hits both alike; best of each.
  for (let i = 0; i < repeat; i++) {
    const a = check(yaml, withoutLikelihood, () => null);
    if (!plain || a.cpuMs < plain.cpuMs) plain = a;
    const b = check(yaml, withLikelihood, summary);
    if (!full || b.cpuMs < full.cpuMs) full = b;
  }
  const cliCount = entities >= 100_000 ? 3 : pairs;
  const cli = cliPairs(yaml, `${shape}-${entities}`, cliCount);
  const load1 = loadavg()[0]!;
  const s = full!.kept;
  const row = [
    shape,
    entities.toLocaleString('en'),
    s.events.toLocaleString('en'),
    s.dataSets.toLocaleString('en'),
    `${fmt(cli.without)} → ${fmt(cli.with)} ms (${cliCount} pairs)`,
    `${cli.added >= 0 ? '+' : ''}${fmt(cli.added)} ms = ${cli.added >= 0 ? '+' : ''}${((cli.added / cli.without) * 100).toFixed(0)}%`,
    `${fmt(plain!.wallMs)} / ${fmt(plain!.cpuMs)} ms`,
    `${fmt(full!.wallMs)} / ${fmt(full!.cpuMs)} ms`,
    `${pct(full!.wallMs, plain!.wallMs)} / ${pct(full!.cpuMs, plain!.cpuMs)}`,
    `${(s.dataSets - s.unavailable.length).toLocaleString('en')} of ${s.dataSets.toLocaleString('en')}${s.unavailable.length > 0 ? ` (unknown: ${s.unavailable.slice(0, 3).join(', ')}${s.unavailable.length > 3 ? ', …' : ''})` : ''}`,
    s.critical,
    `${load0.toFixed(1)} → ${load1.toFixed(1)}`,
  ];
  rows.push(`| ${row.join(' | ')} |`);
  process.stderr.write(`${rows[rows.length - 1]}\n`);
  const { work, unknown } = s;
  if (unknown.length > 0 || s.criticalUnavailable) {
    const named = unknown.slice(0, 5).map((d) => `${d.id} (${d.copies} copies)`);
    notes.push(
      `- ${shape}, ${entities.toLocaleString('en')} entities: unknown ${[...(named.length > 0 ? [`loss probability of ${named.join(', ')}${unknown.length > 5 ? ', …' : ''}`] : []), ...(s.criticalUnavailable ? ['P(any critical lost), so no "fix first"'] : [])].join('; ')}. Largest diagram within the budget: ${work.largestDiagram.toLocaleString('en')} nodes; ${work.diagrams} of ${work.trees} trees needed one, ${work.fromClauses} of those computed from clauses.`,
    );
  } else notes.push(`- ${shape}, ${entities.toLocaleString('en')} entities: every figure known. Largest diagram: ${work.largestDiagram.toLocaleString('en')} nodes; ${work.diagrams} of ${work.trees} trees needed one, ${work.fromClauses} of those computed from clauses.`);
}

const section = [
  SECTION,
  '',
  `Generated by \`npx tsx bench/probability.ts${ARGS.length > 0 ? ` ${ARGS.join(' ')}` : ''}\` (run by \`npm run bench\`) on ${new Date().toISOString().slice(0, 10)}: ` +
    `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}. Inventories of bench/run.ts ("shared" shape, seed ${seed} + size; "isolated" shape of bench/isolated.ts), max order ${maxOrder}, ` +
    `node budget ${DEFAULT_MAX_BDD_NODES.toLocaleString('en')} per decision diagram (the default of --max-bdd-nodes). ` +
    `From the CLI (the goal's measure: at most +20 %): \`bcaudit check --format json -o FILE\` under the baseline policy without its likelihoods, then with them, both read from files, ${pairs} pairs (3 at 100k); medians of each, and the median of the pairs' differences. ` +
    `In-process, \`check\` (parse, validate, resolve, audit, JSON encoded as \`-o FILE\` writes it) under the same two policies, alternating, best of ${runs} (1 at 100k), wall / CPU time: ` +
    'it leaves out what every check pays (starting node, loading the CLI, writing the file), so the same added time is a larger share of it. ' +
    'The load average (1 min, before → after) says how busy the shared machine was.',
  '',
  '| shape | entities | events | data sets | CLI: check without → with likelihoods | CLI: added | in-process: without | in-process: with | in-process: added | data sets with a loss probability | P(any critical lost) | load |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|',
  ...rows,
  '',
  'Which figures are unknown, and how they were computed (each data set, its modules and the OR over critical data are trees; those that share events need a decision diagram, the rest are closed forms):',
  '',
  ...notes,
  '',
].join('\n');

if (values.update) {
  replaceSection(values.update, SECTION, section);
  process.stderr.write(`updated ${values.update}\n`);
} else {
  process.stdout.write(section);
}
