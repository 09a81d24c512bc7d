// `npm run bench`: synthetic inventories at several sizes, bcaudit's phases, wall time and peak
// memory, against two reference points on the same model — SCRAM on the MEF export, and the
// floor (node start + js-yaml parse of the same file). Writes BENCHMARKS.md.
//
// Options: --sizes 1000,3000,10000,100000  --orders 3  --extra-orders-at 10000  --runs 3
//          --scram-timeout 120 (seconds; SCRAM grows much faster than bcaudit on these models)  --no-scram  --out FILE
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateInventory, inventoryToYaml } from '../test/support/generate.js';
import { parseScramReport } from '../test/support/scram.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,3000,10000,100000' },
    'scram-timeout': { type: 'string', default: '120' },
    orders: { type: 'string', default: '3' },
    'extra-orders-at': { type: 'string', default: '10000' },
    runs: { type: 'string', default: '3' },
    'no-scram': { type: 'boolean', default: false },
    out: { type: 'string', default: 'BENCHMARKS.md' },
    seed: { type: 'string', default: '20261124' },
  },
});

const ROOT = new URL('..', import.meta.url).pathname;
const WORK = join(ROOT, 'bench', '.work');
const BIN = join(ROOT, 'bin', 'bcaudit.js');
const sizes = values.sizes.split(',').map(Number);
const orders = values.orders.split(',').map(Number);
const extraAt = Number(values['extra-orders-at']);
const runs = Number(values.runs);
const seed = Number(values.seed);

interface Timed {
  wallS: number;
  rssMB: number;
  code: number;
}

/** Runs a command under GNU time; wall seconds and peak RSS, the best of `repeat` runs. */
function timed(command: string, args: string[], repeat = 1): Timed {
  let best: Timed | undefined;
  for (let i = 0; i < repeat; i++) {
    const res = spawnSync('/usr/bin/time', ['-f', '%e %M', command, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
    const last = res.stderr.trim().split('\n').pop() ?? '';
    const [wall, rss] = last.split(' ').map(Number);
    const run = { wallS: wall ?? NaN, rssMB: Math.round((rss ?? 0) / 1024), code: res.status ?? -1 };
    if (!best || run.wallS < best.wallS) best = run;
  }
  return best!;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Wall time of a short command in milliseconds: the median of many runs. */
function startupMs(args: string[], repeat = 15): number {
  const samples: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    spawnSync(process.execPath, args, { stdio: 'ignore' });
    samples.push(performance.now() - t0);
  }
  return Math.round(median(samples));
}

interface SizeResult {
  entities: number;
  order: number;
  fileMB: number;
  phases: Record<string, number>;
  events: number;
  riskGroups: number;
  findings: number;
  total: Timed;
  floor: Timed;
  scram?: Timed & { agree: string };
}

function benchSize(entities: number, order: number): SizeResult {
  const file = join(WORK, `inventory-${entities}.yml`);
  try {
    statSync(file);
  } catch {
    writeFileSync(file, inventoryToYaml(generateInventory(seed + entities, { entities, waivers: false })));
  }
  const fileMB = Math.round((statSync(file).size / 1e6) * 10) / 10;
  const phaseRuns = Array.from({ length: runs }, () =>
    JSON.parse(execFileSync(process.execPath, [join(ROOT, 'bench', 'phases.mjs'), file, String(order)], { encoding: 'utf8', maxBuffer: 1 << 30 })),
  );
  const fastest = phaseRuns.reduce((a, b) => (sum(a.times) <= sum(b.times) ? a : b));
  const out = join(WORK, `check-${entities}-${order}.json`);
  const total = timed(process.execPath, [BIN, 'check', file, '--format', 'json', '--max-order', String(order), '--fail-on', 'never', '-o', out], runs);
  const floor = timed(process.execPath, ['-e', `require(${JSON.stringify(require.resolve('js-yaml'))}).load(require('fs').readFileSync(${JSON.stringify(file)}, 'utf8'))`], runs);
  const result: SizeResult = {
    entities,
    order,
    fileMB,
    phases: fastest.times,
    events: fastest.events,
    riskGroups: fastest.riskGroups,
    findings: fastest.findings,
    total,
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

const startup = {
  raisup: startupMs([BIN, 'check', join(ROOT, 'examples', 'raisup.yml'), '--fail-on', 'never']),
  nodeBare: startupMs(['-e', '0']),
};
process.stderr.write(`startup: check raisup.yml ${startup.raisup} ms (bare node ${startup.nodeBare} ms)\n`);

const results: SizeResult[] = [];
for (const entities of sizes) {
  const sizeOrders = entities === extraAt ? [...new Set([...orders, 4, 5])] : orders;
  for (const order of sizeOrders) {
    process.stderr.write(`size ${entities}, order ${order} ...\n`);
    const r = benchSize(entities, order);
    results.push(r);
    process.stderr.write(`  total ${r.total.wallS}s ${r.total.rssMB}MB, floor ${r.floor.wallS}s, scram ${r.scram?.wallS ?? '-'}s ${r.scram?.agree ?? ''}\n`);
  }
}

writeFileSync(join(ROOT, values.out), renderMarkdown(startup, results));
process.stderr.write(`wrote ${values.out}\n`);

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
      `wall times are the best of ${runs} runs.`,
    '',
    '## Start-up',
    '',
    `\`bcaudit check examples/raisup.yml\`: **${start.raisup} ms** wall including node start (bare \`node -e 0\`: ${start.nodeBare} ms; budget 150 ms).`,
    '',
    '## Scale',
    '',
    '| entities | order | file | events | risk groups | bcaudit wall | peak RSS | floor (node + js-yaml) | bcaudit / floor | SCRAM wall | SCRAM / bcaudit | same groups |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows.map(
      (r) =>
        `| ${r.entities.toLocaleString('en')} | ${r.order} | ${r.fileMB} MB | ${r.events.toLocaleString('en')} | ${r.riskGroups.toLocaleString('en')} | ` +
        `${r.total.wallS} s | ${r.total.rssMB} MB | ${r.floor.wallS} s | ${ratio(r.total.wallS, r.floor.wallS)} | ` +
        `${r.scram ? `${r.scram.code === 0 ? '' : '> '}${r.scram.wallS} s` : '–'} | ${r.scram ? `${r.scram.code === 0 ? '' : '> '}${ratio(r.scram.wallS, r.total.wallS)}` : '–'} | ${r.scram?.agree ?? '–'} |`,
    ),
    '',
    '## Phases (milliseconds, in-process, fastest run)',
    '',
    `| entities | order | ${phaseNames.join(' | ')} |`,
    `|---:|---:|${phaseNames.map(() => '---:').join('|')}|`,
    ...rows.map((r) => `| ${r.entities.toLocaleString('en')} | ${r.order} | ${phaseNames.map((p) => r.phases[p] ?? '–').join(' | ')} |`),
    '',
    // The reading of the numbers is written by hand and kept across runs.
    readFileSync(join(ROOT, 'bench', 'analysis.md'), 'utf8').trim(),
    '',
  ];
  return `${lines.join('\n')}\n`;
}
