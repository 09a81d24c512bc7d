// `npm run bench`: synthetic inventories at several sizes, bcaudit's phases, wall time and peak
// memory, against two reference points on the same model — SCRAM on the MEF export, and the
// floor (node start + js-yaml parse of the same file). Writes BENCHMARKS.md.
//
// Two model shapes: "shared" (test/support/generate.ts: data sets share accounts, targets and
// admins, where SCRAM's per-top-event analysis is weak) and "isolated" (bench/isolated.ts: every
// data set has copies of its own, a few hundred size-3 groups each, where SCRAM is strong).
//
// Options: --sizes 1000,3000,10000,100000  --isolated-sizes 1000,10000  --orders 3  --extra-orders-at 10000  --runs 3
//          --scram-timeout 120 (seconds; SCRAM grows much faster than bcaudit on these models)  --no-scram  --out FILE
//          --no-probability (skip bench/probability.ts, the section "Probability and importance")
//          --no-terraform (skip bench/terraform-import.ts, the section "Terraform import")
//          --quick (sizes 1000,10000, isolated 1000, one run, SCRAM stopped after 60 s, a 10 MB Terraform state: a few minutes)
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateInventory, inventoryToYaml } from '../test/support/generate.js';
import { isolatedInventory } from './isolated.js';
import { writeBaselinePolicies } from './policies.js';
import { median } from './stats.js';
import { parseScramReport } from '../test/support/scram.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,3000,10000,100000' },
    'isolated-sizes': { type: 'string', default: '1000,10000' },
    quick: { type: 'boolean', default: false },
    'scram-timeout': { type: 'string', default: '120' },
    orders: { type: 'string', default: '3' },
    'extra-orders-at': { type: 'string', default: '10000' },
    runs: { type: 'string', default: '3' },
    'no-scram': { type: 'boolean', default: false },
    'no-probability': { type: 'boolean', default: false },
    'no-terraform': { type: 'boolean', default: false },
    out: { type: 'string', default: 'BENCHMARKS.md' },
    seed: { type: 'string', default: '20261124' },
  },
});

const ROOT = new URL('..', import.meta.url).pathname;
/** The machine is shared: the load average when the run started goes into the header. */
const LOAD_AT_START = loadavg()[0]!;
const WORK = join(ROOT, 'bench', '.work');
const BIN = join(ROOT, 'bin', 'bcaudit.js');
if (values.quick) {
  values.sizes = '1000,10000';
  values['isolated-sizes'] = '1000';
  values.runs = '1';
  values['scram-timeout'] = '60';
  values['extra-orders-at'] = '0';
}
const sizes = values.sizes.split(',').map(Number);
const isolatedSizes = values['isolated-sizes'].split(',').filter(Boolean).map(Number);
const orders = values.orders.split(',').map(Number);
const extraAt = Number(values['extra-orders-at']);
const runs = Number(values.runs);
const seed = Number(values.seed);

interface Timed {
  wallS: number;
  /** User + system CPU seconds: on a shared machine a steadier figure than wall time. */
  cpuS: number;
  rssMB: number;
  code: number;
}

/** Runs a command under GNU time; wall seconds and peak RSS, the best of `repeat` runs. */
function timed(command: string, args: string[], repeat = 1): Timed {
  let best: Timed | undefined;
  for (let i = 0; i < repeat; i++) {
    const res = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', command, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
    const last = res.stderr.trim().split('\n').pop() ?? '';
    const [wall, rss, user, sys] = last.split(' ').map(Number);
    const run = { wallS: wall ?? NaN, cpuS: Math.round(((user ?? NaN) + (sys ?? NaN)) * 100) / 100, rssMB: Math.round((rss ?? 0) / 1024), code: res.status ?? -1 };
    if (!best || run.wallS < best.wallS) best = run;
  }
  return best!;
}

/**
 * Wall times of short commands in milliseconds, the median of `repeat` runs each, run in turn
 * (a, b, a, b, …) so that a busy machine slows all of them alike.
 */
function startupMs(commands: string[][], repeat = 11): number[] {
  const samples = commands.map((): number[] => []);
  for (let i = 0; i < repeat; i++) {
    commands.forEach((args, k) => {
      const t0 = performance.now();
      spawnSync(process.execPath, args, { stdio: 'ignore' });
      samples[k]!.push(performance.now() - t0);
    });
  }
  return samples.map((xs) => Math.round(median(xs)));
}

type Shape = 'shared' | 'isolated';

interface SizeResult {
  shape: Shape;
  entities: number;
  order: number;
  fileMB: number;
  phases: Record<string, number>;
  events: number;
  riskGroups: number;
  findings: number;
  total: Timed;
  /** The same check under the baseline policy without its likelihoods: no probabilities, as SCRAM without --probability. */
  cutSetsOnly: Timed;
  floor: Timed;
  scram?: Timed & { agree: string };
}

function benchSize(shape: Shape, entities: number, order: number): SizeResult {
  const file = join(WORK, `inventory-${shape}-${entities}.yml`);
  try {
    statSync(file);
  } catch {
    const inventory = shape === 'shared' ? generateInventory(seed + entities, { entities, waivers: false }) : isolatedInventory(entities);
    writeFileSync(file, inventoryToYaml(inventory));
  }
  const fileMB = Math.round((statSync(file).size / 1e6) * 10) / 10;
  const phaseRuns = Array.from({ length: runs }, () =>
    JSON.parse(execFileSync(process.execPath, [join(ROOT, 'bench', 'phases.mjs'), file, String(order)], { encoding: 'utf8', maxBuffer: 1 << 30 })),
  );
  const fastest = phaseRuns.reduce((a, b) => (sum(a.times) <= sum(b.times) ? a : b));
  const out = join(WORK, `check-${shape}-${entities}-${order}.json`);
  const check = ['check', file, '--format', 'json', '--max-order', String(order), '--fail-on', 'never'];
  const cutSetsOnly = timed(process.execPath, [BIN, ...check, '--policy', NO_LIKELIHOOD_POLICY, '-o', `${out}.cut-sets`], runs);
  rmSync(`${out}.cut-sets`, { force: true });
  // Both runs read their policy from a file: a policy file costs ~30 ms to load and check (its
  // validator is loaded only for one), which the built-in policy does not.
  const total = timed(process.execPath, [BIN, ...check, '--policy', WITH_LIKELIHOOD_POLICY, '-o', out], runs);
  const floor = timed(process.execPath, ['-e', `require(${JSON.stringify(require.resolve('js-yaml'))}).load(require('fs').readFileSync(${JSON.stringify(file)}, 'utf8'))`], runs);
  const result: SizeResult = {
    shape,
    entities,
    order,
    fileMB,
    phases: fastest.times,
    events: fastest.events,
    riskGroups: fastest.riskGroups,
    findings: fastest.findings,
    total,
    cutSetsOnly,
    floor,
  };
  if (!values['no-scram']) result.scram = runScram(file, order, out);
  return result;
}

function sum(times: Record<string, number>): number {
  return Object.values(times).reduce((a, b) => a + b, 0);
}

/** SCRAM on the MEF export; compares its minimal cut sets with bcaudit's risk groups. */
function runScram(file: string, order: number, bcauditJson: string): Timed & { agree: string } {
  const model = join(WORK, 'model.xml');
  const report = join(WORK, 'scram.xml');
  execFileSync(process.execPath, [BIN, 'graph', file, '--format', 'mef', '-o', model]);
  const limit = values['scram-timeout'];
  const run = timed('timeout', ['--signal=KILL', limit, 'scram', '--limit-order', String(order), '--no-indent', '-o', report, model]);
  if (run.code !== 0) {
    rmSync(report, { force: true });
    return { ...run, wallS: Number(limit), agree: `SCRAM stopped after ${limit} s (exit ${run.code})` };
  }
  const ours = JSON.parse(readFileSync(bcauditJson, 'utf8')) as { datasets: { id: string; riskGroups: string[][] }[] };
  const xml = readFileSync(report, 'utf8');
  let agree: string;
  if (xml.length < 200e6) {
    const theirs = parseScramReport(xml);
    const mismatches = ours.datasets.filter((d) => JSON.stringify(theirs.get(`lost:${d.id}`) ?? []) !== JSON.stringify(d.riskGroups));
    agree = mismatches.length === 0 ? 'identical' : `${mismatches.length} data sets differ`;
  } else {
    // Too large to hold as sets: compare the number of cut sets per top gate.
    const counts = new Map([...xml.matchAll(/<sum-of-products name="([^"]+)"[^>]*products="(\d+)"/g)].map((m) => [m[1]!, Number(m[2])]));
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    const oursTotal = ours.datasets.reduce((n, d) => n + d.riskGroups.length, 0);
    agree = total === oursTotal ? `same count (${total})` : `counts differ: scram ${total}, bcaudit ${oursTotal}`;
  }
  rmSync(report, { force: true });
  return { ...run, agree };
}

const require = (await import('node:module')).createRequire(import.meta.url);

mkdirSync(WORK, { recursive: true });
execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
/** The baseline policy as files: without its `likelihood:` map check computes no probabilities. */
const { withLikelihood: WITH_LIKELIHOOD_POLICY, withoutLikelihood: NO_LIKELIHOOD_POLICY } = writeBaselinePolicies(ROOT, WORK);

const [raisup, nodeBare] = startupMs([[BIN, 'check', join(ROOT, 'examples', 'raisup.yml'), '--fail-on', 'never'], ['-e', '0']]);
const startup = { raisup: raisup!, nodeBare: nodeBare! };
process.stderr.write(`startup: check raisup.yml ${startup.raisup} ms (bare node ${startup.nodeBare} ms)\n`);

const results: SizeResult[] = [];
const plan: [Shape, number][] = [...sizes.map((n): [Shape, number] => ['shared', n]), ...isolatedSizes.map((n): [Shape, number] => ['isolated', n])];
for (const [shape, entities] of plan) {
  const sizeOrders = shape === 'shared' && entities === extraAt ? [...new Set([...orders, 4, 5])] : orders;
  for (const order of sizeOrders) {
    process.stderr.write(`${shape} ${entities}, order ${order} ...\n`);
    const r = benchSize(shape, entities, order);
    results.push(r);
    process.stderr.write(
      `  total ${r.total.wallS}s (${r.total.cpuS}s CPU) ${r.total.rssMB}MB, without likelihoods ${r.cutSetsOnly.wallS}s (${r.cutSetsOnly.cpuS}s CPU), floor ${r.floor.wallS}s, ` +
        `scram ${r.scram?.wallS ?? '-'}s (${r.scram?.cpuS ?? '-'}s CPU) ${r.scram?.agree ?? ''}\n`,
    );
  }
}

writeFileSync(join(ROOT, values.out), renderMarkdown(startup, results));
process.stderr.write(`wrote ${values.out}\n`);
// Section "Probability and importance": bench/probability.ts measures it and writes it into the file.
if (!values['no-probability']) {
  const probabilityArgs = values.quick ? ['--sizes', '1000,10000', '--isolated-sizes', '1000', '--runs', '1', '--pairs', '3'] : [];
  execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'probability.ts'), '--update', join(ROOT, values.out), ...probabilityArgs], { stdio: 'inherit' });
}
// Section "Terraform import": bench/terraform-import.ts (issue 16: new work stays within its budget).
if (!values['no-terraform']) {
  const terraformArgs = values.quick ? ['--mb', '10', '--runs', '1'] : [];
  execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'terraform-import.ts'), '--update', join(ROOT, values.out), ...terraformArgs], { stdio: 'inherit' });
}

function renderMarkdown(start: typeof startup, rows: SizeResult[]): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const phaseNames = ['parse', 'validate', 'resolve', 'graph', 'riskGroups', 'rules', 'formatJson'];
  const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(1)}×` : '–');
  const lines = [
    '# Benchmarks',
    '',
    `Generated by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} × ${cpu}, ` +
      `${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, SCRAM 0.16.2. ` +
      `Inventories from \`test/support/generate.ts\` (the SCRAM oracle's generator) with seed ${seed} + size; ` +
      `wall times are the best of ${runs} runs. ` +
      (LOAD_AT_START < 1
        ? `Nothing else ran on the machine while this ran (${cpus().length} cores); ratios measured in the same run are the figures to read. `
        : `The machine was shared with other work while this ran: wall times are noisy, ratios measured in the same run are the figures to read. `) +
      `Load average (1 min) at the start ${LOAD_AT_START.toFixed(1)}, at the end ${loadavg()[0]!.toFixed(1)}.`,
    '',
    '## Start-up',
    '',
    `\`bcaudit check examples/raisup.yml\`: **${start.raisup} ms** wall including node start; bare \`node -e 0\`: ${start.nodeBare} ms ` +
      `(**${ratio(start.raisup, start.nodeBare)}**; goal ≤ 2×). Medians of 11 runs each, the two commands run in turn.`,
    '',
    '## Scale',
    '',
    'bcaudit runs `check --format json -o FILE` under the baseline policy, read from a file (with its likelihoods: risk groups, findings, loss probabilities and importance) ' +
      'and under the same policy without likelihoods (no probabilities: what SCRAM computes without `--probability`, so the SCRAM ratio uses that run). ' +
      'Wall / CPU (user + system) seconds; peak RSS of the run with likelihoods.',
    '',
    '| shape | entities | order | file | events | risk groups | bcaudit | peak RSS | without likelihoods | floor (node + js-yaml) | bcaudit / floor | SCRAM | SCRAM / bcaudit without likelihoods (CPU) | same groups |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows.map((r) => {
      const stopped = r.scram !== undefined && r.scram.code !== 0 ? '> ' : '';
      return (
        `| ${r.shape} | ${r.entities.toLocaleString('en')} | ${r.order} | ${r.fileMB} MB | ${r.events.toLocaleString('en')} | ${r.riskGroups.toLocaleString('en')} | ` +
        `${r.total.wallS} / ${r.total.cpuS} s | ${r.total.rssMB} MB | ${r.cutSetsOnly.wallS} / ${r.cutSetsOnly.cpuS} s | ${r.floor.wallS} s | ${ratio(r.total.wallS, r.floor.wallS)} | ` +
        // A stopped SCRAM's CPU time is not reported (GNU time sees the killed child's as 0): its time limit stands for both.
        `${r.scram ? (stopped ? `> ${r.scram.wallS} s` : `${r.scram.wallS} / ${r.scram.cpuS} s`) : '–'} | ` +
        `${r.scram ? `${stopped}${ratio(stopped ? r.scram.wallS : r.scram.cpuS, r.cutSetsOnly.cpuS)}` : '–'} | ${r.scram?.agree ?? '–'} |`
      );
    }),
    '',
    '## Phases (milliseconds, in-process, fastest run)',
    '',
    `| shape | entities | order | ${phaseNames.join(' | ')} |`,
    `|---|---:|---:|${phaseNames.map(() => '---:').join('|')}|`,
    ...rows.map((r) => `| ${r.shape} | ${r.entities.toLocaleString('en')} | ${r.order} | ${phaseNames.map((p) => r.phases[p] ?? '–').join(' | ')} |`),
    '',
    // The reading of the numbers is written by hand and kept across runs.
    readFileSync(join(ROOT, 'bench', 'analysis.md'), 'utf8').trim(),
    '',
  ];
  return `${lines.join('\n')}\n`;
}
