// The numbers in docs/hardening.md: every resource bomb and every risk-group explosion, through
// the built bin under GNU time (wall seconds, peak RSS), with the answer bcaudit gave.
//
//   npm run build && npx tsx test/hardening/measure.ts > /tmp/bombs.md
//
// Prints a Markdown table. Not a test: it measures, it does not judge (bombs.test.ts and
// time.test.ts hold the bounds).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { generateInventory, inventoryToYaml } from '../support/generate.js';
import { explodingInventory } from './support/adversarial.js';
import { BOMBS, spawnTimed } from './support/bombs.js';

interface Row {
  name: string;
  what: string;
  argv: (dir: string) => string[];
  env?: Record<string, string>;
}

const rows: Row[] = [
  ...BOMBS.map((b) => ({ name: b.name, what: b.what, argv: (dir: string) => b.make(dir) })),
  {
    name: 'risk groups: 5 copies x 40 events',
    what: 'one store, 4 backups; each copy fails with 40 independent events; `--max-order 5` (40^5 groups)',
    argv: (dir) => {
      writeFileSync(join(dir, 'copies.yml'), explodingInventory([40, 40, 40, 40, 40]));
      return ['check', join(dir, 'copies.yml'), '--max-order', '5'];
    },
  },
  {
    name: 'risk groups: 20 stores x 14^5',
    what: '20 such stores (14 events per copy), each just under the per-gate budget; `--max-order 5` (before: 81 s, 4.6 GB, out-of-memory crash)',
    argv: (dir) => {
      writeFileSync(join(dir, 'stores.yml'), explodingInventory([14, 14, 14, 14, 14], 20));
      return ['check', join(dir, 'stores.yml'), '--max-order', '5'];
    },
  },
  {
    name: 'risk groups: 3 billion wasted unions',
    what: '100 x 100 x 100 groups of size 3, each tried against 3,000 more events, all over the bound (before: 157 s)',
    argv: (dir) => {
      writeFileSync(join(dir, 'work.yml'), explodingInventory([100, 100, 100, 3000]));
      return ['check', join(dir, 'work.yml')];
    },
  },
  {
    name: 'benchmark 100,000 entities, order 5, JSON',
    what: 'the 100,000-entity benchmark inventory, `--max-order 5 --format json` (before: "internal error: Invalid string length" after 25 s)',
    argv: (dir) => {
      writeFileSync(join(dir, 'bench.yml'), inventoryToYaml(generateInventory(20261124, { entities: 100_000 })));
      return ['check', join(dir, 'bench.yml'), '--max-order', '5', '--format', 'json'];
    },
  },
];

const dir = mkdtempSync(join(tmpdir(), 'bcaudit-measure-'));
const lines = [
  `Measured on ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`,
  '',
  '| input | what it is | exit | wall | peak RSS | what bcaudit says |',
  '|---|---|---:|---:|---:|---|',
];
try {
  for (const row of rows) {
    const sub = mkdtempSync(join(dir, 'row-'));
    const result = await spawnTimed(row.argv(sub), { timeoutMs: 600_000, ...(row.env ? { env: row.env } : {}) });
    const said = (result.code === 2 ? result.stderr : '(analysed)').split('\n')[0]!.replace(sub, '…').replace(/\|/g, '\\|').slice(0, 160);
    lines.push(`| ${row.name} | ${row.what.replace(/\|/g, '\\|')} | ${result.code ?? result.signal} | ${result.seconds.toFixed(2)} s | ${result.rssMB ?? '?'} MB | ${said} |`);
    process.stderr.write(`${lines[lines.length - 1]}\n`);
    rmSync(sub, { recursive: true, force: true });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(`${lines.join('\n')}\n`);
