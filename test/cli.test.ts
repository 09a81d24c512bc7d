// The command line (DESIGN §5): exit codes, formats, options, files, colour, determinism — both
// in-process through `main(argv, io)` and through the real launcher `node bin/bcaudit.js`.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertBuilt,
  loadedModules,
  moduleRecorder,
  REPO_ROOT,
  runCli,
  spawnCli,
  STACK_LINE,
  tempDir,
  type RunResult,
  type SpawnResult,
} from './support/cli.js';

const RAISUP = 'examples/raisup.yml';
const RESILIENT = 'examples/resilient.yml';
const EXAMPLES = readdirSync(join(REPO_ROOT, 'examples'))
  .filter((n) => n.endsWith('.yml'))
  .sort()
  .map((n) => `examples/${n}`);
const PACKAGE_VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const ESC = '\u001b[';

/** Only high findings (no critical): single points of failure of a high data set with no backup. */
const HIGH_ONLY = `version: 1
providers:
  hetzner: { kind: hosting }
accounts:
  main: { provider: hetzner, admins: [ops] }
identities:
  ops: { kind: person }
stores:
  wiki: { kind: database, account: main, criticality: high }
`;

/** Ids that are names of Object.prototype members must be plain ids. */
const PROTOTYPE_IDS = `version: 1
providers:
  constructor: { kind: cloud }
accounts:
  prototype: { provider: constructor, admins: [hasownproperty, tostring] }
identities:
  hasownproperty: { kind: person }
  tostring: { kind: person }
stores:
  valueof: { kind: database, account: prototype, criticality: low }
targets:
  isprototypeof: { kind: tape, admins: [tostring], site: vault }
backups:
  propertyisenumerable: { of: valueof, to: isprototypeof }
`;

type Result = RunResult | SpawnResult;

/** Exit 2, a message on stderr, nothing resembling a stack trace anywhere. */
function expectUsageError(r: Result, message: RegExp): void {
  const context = `\n--- stderr ---\n${r.stderr}--- stdout ---\n${r.stdout}`;
  expect(r.code, `exit code${context}`).toBe(2);
  expect(r.stderr, context).toMatch(message);
  expect(STACK_LINE.test(r.stderr), `stack trace on stderr${context}`).toBe(false);
  expect(STACK_LINE.test(r.stdout), `stack trace on stdout${context}`).toBe(false);
  expect(r.stderr).not.toMatch(/internal error/);
}

// --- the JSON contract ---------------------------------------------------------------------------

interface JsonDataSet {
  id: string;
  criticality: string;
  copies: number;
  independence: number | null;
  riskGroupCount?: number;
  riskGroups: string[][];
}
interface JsonFinding {
  id: string;
  severity: string;
  location: { file: string; line: number; column: number };
}
interface JsonReport {
  version: number;
  inventory: object;
  datasets: JsonDataSet[];
  findings: JsonFinding[];
  summary: object;
}

/** Basic event ids of DESIGN §3. */
const EVENT =
  /^(provider:[^:]+|account:[^:]+|billing:[^:]+|region:[^:/]+\/.+|site:.+|service:[^:]+|identity:[^:]+:(lost|compromised)|key:[^:]+|store:[^:]+|target:[^:]+|backup:[^:]+)$/;

/** Plain code-unit comparison, independent of the implementation's own comparator. */
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
function groupOrder(a: string[], b: string[]): number {
  if (a.length !== b.length) return a.length - b.length;
  for (let i = 0; i < a.length; i++) {
    const c = cmp(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return 0;
}

function checkJsonContract(report: JsonReport, maxOrder = 3): void {
  expect(report.version).toBe(2);
  expect(report.inventory).toBeTypeOf('object');
  expect(report.summary).toBeTypeOf('object');
  expect(Array.isArray(report.datasets)).toBe(true);
  expect(Array.isArray(report.findings)).toBe(true);
  for (const d of report.datasets) {
    expect(d.id).toBeTypeOf('string');
    expect(['critical', 'high', 'medium', 'low']).toContain(d.criticality);
    expect(Number.isInteger(d.copies) && d.copies >= 1).toBe(true);
    const groups = d.riskGroups;
    expect(Array.isArray(groups)).toBe(true);
    for (const g of groups) {
      expect(g.length).toBeGreaterThanOrEqual(1);
      expect(g.length).toBeLessThanOrEqual(maxOrder);
      for (const e of g) expect(e, `event id in ${d.id}`).toMatch(EVENT);
      // each group sorted as strings, without repeats
      for (let i = 1; i < g.length; i++) expect(cmp(g[i - 1]!, g[i]!), `group ${JSON.stringify(g)} sorted`).toBeLessThan(0);
    }
    // the list sorted by size, then element by element, without repeats
    for (let i = 1; i < groups.length; i++) {
      expect(groupOrder(groups[i - 1]!, groups[i]!), `${d.id}: ${JSON.stringify(groups[i - 1])} before ${JSON.stringify(groups[i])}`).toBeLessThan(0);
    }
    // minimal: no group contains another
    for (const a of groups) {
      for (const b of groups) {
        if (a !== b && a.length < b.length) expect(a.every((e) => b.includes(e)), `${JSON.stringify(a)} ⊂ ${JSON.stringify(b)}`).toBe(false);
      }
    }
    expect(d.independence).toBe(groups.length > 0 ? groups[0]!.length : null);
  }
  for (const f of report.findings) {
    expect(f.id).toBeTypeOf('string');
    expect(f.location.file).toBeTypeOf('string');
    expect(Number.isInteger(f.location.line) && f.location.line >= 1).toBe(true);
    expect(Number.isInteger(f.location.column) && f.location.column >= 1).toBe(true);
  }
}

const SEVERITY_ORDER = ['info', 'low', 'medium', 'high', 'critical'];

describe('check (in-process)', () => {
  it('raisup: exit 1, and the text names account do-main as a single point of failure', async () => {
    const r = await runCli(['check', RAISUP]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('account do-main');
    expect(r.stdout).toContain('single-point-of-failure/customer-db/account:do-main');
    expect(r.stdout).not.toContain(ESC);
  });

  it('resilient: exit 0', async () => {
    const r = await runCli(['check', RESILIENT]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('--format json keeps the documented contract', async () => {
    const r = await runCli(['check', RAISUP, '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport;
    checkJsonContract(report);
    const ids = report.datasets.map((d) => d.id);
    expect(ids).toContain('customer-db');
    expect(new Set(ids).size).toBe(ids.length);
    const db = report.datasets.find((d) => d.id === 'customer-db')!;
    expect(db.criticality).toBe('critical');
    expect(db.independence).toBe(1);
    expect(db.riskGroups).toContainEqual(['account:do-main']);
    expect(report.findings.some((f) => f.id === 'single-point-of-failure/customer-db/account:do-main')).toBe(true);
    for (const f of report.findings) expect(f.location.file).toBe(RAISUP);
  });

  it.each(EXAMPLES)('%s: JSON contract holds at every --max-order', async (file) => {
    for (const order of [1, 2, 3, 4]) {
      const r = await runCli(['check', file, '--format', 'json', '--max-order', String(order), '--fail-on', 'never']);
      expect(r.code, r.stderr).toBe(0);
      checkJsonContract(JSON.parse(r.stdout) as JsonReport, order);
    }
  });

  it.each(EXAMPLES)('%s: exit code agrees with --fail-on and the findings', async (file) => {
    const report = JSON.parse((await runCli(['check', file, '--format', 'json'])).stdout) as JsonReport;
    for (const failOn of [...SEVERITY_ORDER, 'never']) {
      const r = await runCli(['check', file, '--fail-on', failOn]);
      const failing = failOn !== 'never' && report.findings.some((f) => SEVERITY_ORDER.indexOf(f.severity) >= SEVERITY_ORDER.indexOf(failOn));
      expect(r.code, `${file} --fail-on ${failOn}`).toBe(failing ? 1 : 0);
    }
  });

  it('--fail-on never: exit 0 even with critical findings', async () => {
    const r = await runCli(['check', RAISUP, '--fail-on', 'never']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('account do-main');
  });

  it('--fail-on critical: 1 with critical findings, 0 with high ones at most (which fail the default)', async () => {
    expect((await runCli(['check', RAISUP, '--fail-on', 'critical'])).code).toBe(1);
    const files = { 'high-only.yml': HIGH_ONLY };
    const report = JSON.parse((await runCli(['check', 'high-only.yml', '--format', 'json'], { files })).stdout) as JsonReport;
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.findings.some((f) => f.severity === 'high')).toBe(true);
    expect(report.findings.some((f) => f.severity === 'critical')).toBe(false);
    expect((await runCli(['check', 'high-only.yml'], { files })).code).toBe(1);
    expect((await runCli(['check', 'high-only.yml', '--fail-on', 'high'], { files })).code).toBe(1);
    expect((await runCli(['check', 'high-only.yml', '--fail-on', 'critical'], { files })).code).toBe(0);
  });

  it('--top 2 limits the risk groups in JSON to the first two of the full list', async () => {
    const full = JSON.parse((await runCli(['check', RAISUP, '--format', 'json'])).stdout) as JsonReport;
    const top = JSON.parse((await runCli(['check', RAISUP, '--format', 'json', '--top', '2'])).stdout) as JsonReport;
    expect(full.datasets.some((d) => d.riskGroups.length > 2)).toBe(true);
    expect(top.datasets.map((d) => d.id)).toEqual(full.datasets.map((d) => d.id));
    for (const [i, d] of top.datasets.entries()) {
      const all = full.datasets[i]!;
      expect(d.riskGroups.length).toBeLessThanOrEqual(2);
      expect(d.riskGroups).toEqual(all.riskGroups.slice(0, 2));
      expect(d.independence).toBe(all.independence);
      if (all.riskGroupCount !== undefined) expect(d.riskGroupCount).toBe(all.riskGroupCount);
    }
  });

  it('--max-order 1 finds only single points of failure', async () => {
    const report = JSON.parse((await runCli(['check', RAISUP, '--format', 'json', '--max-order', '1'])).stdout) as JsonReport;
    for (const d of report.datasets) for (const g of d.riskGroups) expect(g.length).toBe(1);
  });

  it.each([
    [['check', RAISUP, '--max-order', '0'], /max-order.*'0'.*1 to 5/],
    [['check', RAISUP, '--max-order', '6'], /max-order.*'6'.*1 to 5/],
    [['check', RAISUP, '--max-order', 'three'], /max-order/],
    [['check', RAISUP, '--top', '-1'], /--top/],
    [['check', RAISUP, '--format', 'bogus'], /'bogus' is invalid.*text.*json/],
    [['check', RAISUP, '--fail-on', 'severe'], /'severe' is invalid/],
    [['check', RAISUP, '--no-such-flag'], /unknown option '--no-such-flag'/],
    [['check'], /missing required argument 'inventories'/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['check', 'no/such/inventory.yml'], /^no\/such\/inventory\.yml:1:1: cannot read the inventory: no such file or directory$/m],
    [['check', 'docs'], /no inventory in directory docs/],
    [['report', 'examples'], /^examples:1:1: cannot read the inventory: is a directory$/m],
    [['check', `${RAISUP}/inside-a-file.yml`], /cannot read the inventory: a part of the path is not a directory/],
    [['check', RAISUP, '-o', '/nonexistent-dir/x.json'], /cannot write \/nonexistent-dir\/x\.json: no such file or directory/],
    [['graph', RAISUP, '--format', 'bogus'], /'bogus' is invalid/],
  ])('%j: exit 2 with a message, no stack', async (argv, message) => {
    const r = await runCli(argv, { writeToDisk: true });
    expectUsageError(r, message);
    expect(r.stdout).toBe('');
  });

  it('-o writes the report to the file and nothing to stdout', async () => {
    const r = await runCli(['check', RAISUP, '--format', 'json', '-o', 'report.json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(Object.keys(r.written)).toEqual(['report.json']);
    const direct = await runCli(['check', RAISUP, '--format', 'json']);
    expect(r.written['report.json']).toBe(direct.stdout);
  });

  it('-o with text: no colour codes in the file even when colour is forced', async () => {
    const r = await runCli(['check', RAISUP, '-o', 'report.txt'], { env: { FORCE_COLOR: '1' }, stdoutIsTTY: true });
    expect(r.stdout).toBe('');
    expect(r.written['report.txt']).toContain('account do-main');
    expect(r.written['report.txt']).not.toContain(ESC);
  });

  it('colour: NO_COLOR and non-terminals get none, FORCE_COLOR and terminals get escape codes', async () => {
    const plain = await runCli(['check', RAISUP], { env: {} });
    const noColor = await runCli(['check', RAISUP], { env: { NO_COLOR: '1' }, stdoutIsTTY: true });
    const forced = await runCli(['check', RAISUP], { env: { FORCE_COLOR: '1' } });
    const tty = await runCli(['check', RAISUP], { env: {}, stdoutIsTTY: true });
    expect(plain.stdout).not.toContain(ESC);
    expect(noColor.stdout).not.toContain(ESC);
    expect(forced.stdout).toContain(ESC);
    expect(tty.stdout).toContain(ESC);
    // colour changes nothing but the escape codes
     
    expect(forced.stdout.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain.stdout);
  });

  it('JSON is never coloured', async () => {
    const r = await runCli(['check', RAISUP, '--format', 'json'], { env: { FORCE_COLOR: '3' }, stdoutIsTTY: true });
    expect(r.stdout).not.toContain(ESC);
    JSON.parse(r.stdout);
  });

  it('ids named like Object.prototype members (constructor, prototype, …) are plain ids', async () => {
    const files = { 'prototype-ids.yml': PROTOTYPE_IDS };
    const r = await runCli(['check', 'prototype-ids.yml', '--format', 'json', '--fail-on', 'never'], { files });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport;
    checkJsonContract(report);
    expect(report.datasets.map((d) => d.id)).toEqual(['valueof']);
    const groups = report.datasets[0]!.riskGroups.flat();
    expect(groups).toContain('provider:constructor');
    expect(groups).toContain('account:prototype');
    expect(({} as Record<string, unknown>).kind).toBeUndefined();
  });

  // `--now 2026-02-31` is accepted: parseDate relies on Date.parse, which rolls Feb 31 over to Mar 3.
  it('--now with an impossible date is refused', async () => {
    const r = await runCli(['check', RESILIENT, '--now', '2026-02-31']);
    expectUsageError(r, /--now/);
  });

  it('graph --format mef is Open-PSA MEF XML', async () => {
    const r = await runCli(['graph', RAISUP, '--format', 'mef']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('<?xml')).toBe(true);
    expect(r.stdout).toContain('<opsa-mef');
  });

  it('schema prints the inventory JSON Schema', async () => {
    const r = await runCli(['schema']);
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(schema.$schema).toMatch(/json-schema\.org/);
    expect(schema.type).toBe('object');
  });

  it('--help and --version exit 0', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: bcaudit/);
    expect(help.stdout).toMatch(/check/);
    const checkHelp = await runCli(['check', '--help']);
    expect(checkHelp.code).toBe(0);
    expect(checkHelp.stdout).toMatch(/--fail-on/);
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(PACKAGE_VERSION);
  });

  it('output is deterministic', async () => {
    for (const format of ['text', 'json']) {
      const a = await runCli(['check', RAISUP, '--format', format]);
      const b = await runCli(['check', RAISUP, '--format', format]);
      expect(b.stdout).toBe(a.stdout);
    }
  });
});

describe('bin/bcaudit.js (spawned)', () => {
  let dir: string;
  beforeAll(() => {
    assertBuilt();
    dir = tempDir();
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('raisup exits 1 and names account do-main; resilient exits 0', async () => {
    const raisup = await spawnCli(['check', RAISUP]);
    expect(raisup.code, raisup.stderr).toBe(1);
    expect(raisup.stdout).toContain('account do-main');
    expect(raisup.stderr).toBe('');
    const resilient = await spawnCli(['check', RESILIENT]);
    expect(resilient.code, resilient.stderr).toBe(0);
  });

  it('--format json parses and keeps the contract', async () => {
    const r = await spawnCli(['check', RAISUP, '--format', 'json']);
    expect(r.code).toBe(1);
    checkJsonContract(JSON.parse(r.stdout) as JsonReport);
  });

  it.each([
    [['check', RAISUP, '--max-order', '0'], /max-order/],
    [['check', RAISUP, '--max-order', '6'], /max-order/],
    [['check', RAISUP, '--format', 'bogus'], /'bogus' is invalid/],
    [['check', RAISUP, '--bogus'], /unknown option '--bogus'/],
    [['check', 'no-such-file.yml'], /^no-such-file\.yml:1:1: cannot read the inventory: no such file or directory$/m],
    [['check', 'docs'], /no inventory in directory docs/],
    [['report', 'examples'], /^examples:1:1: cannot read the inventory: is a directory$/m],
    [['check', RAISUP, '-o', '/nonexistent-dir/x.json'], /cannot write \/nonexistent-dir\/x\.json/],
  ])('%j: exit 2 with a message, no stack', async (argv, message) => {
    const r = await spawnCli(argv);
    expect(r.signal).toBeNull();
    expectUsageError(r, message);
    expect(r.stdout).toBe('');
  });

  it.skipIf(typeof process.getuid !== 'function' || process.getuid() === 0)('an unreadable file: exit 2, permission denied', async () => {
    const file = join(dir, 'unreadable.yml');
    writeFileSync(file, 'version: 1\n', { mode: 0o000 });
    const r = await spawnCli(['check', file]);
    expectUsageError(r, /cannot read the inventory: permission denied/);
  });

  it('-o writes the file atomically: same bytes as stdout, nothing on stdout, no temporary files left', async () => {
    const out = join(dir, 'atomic');
    mkdirSync(out);
    const target = join(out, 'out.json');
    const r = await spawnCli(['check', RAISUP, '--format', 'json', '-o', target]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('');
    expect(readdirSync(out)).toEqual(['out.json']);
    const direct = await spawnCli(['check', RAISUP, '--format', 'json']);
    expect(readFileSync(target, 'utf8')).toBe(direct.stdout);
    // overwriting an existing file also leaves nothing behind
    const again = await spawnCli(['check', RESILIENT, '-o', target]);
    expect(again.code).toBe(0);
    expect(readdirSync(out)).toEqual(['out.json']);
    expect(readFileSync(target, 'utf8')).toContain('bcaudit');
  });

  it('-o into a directory that does not exist: exit 2, nothing written', async () => {
    const target = join(dir, 'missing-dir', 'x.json');
    const r = await spawnCli(['check', RAISUP, '-o', target]);
    expectUsageError(r, /cannot write .*x\.json: no such file or directory/);
    expect(existsSync(join(dir, 'missing-dir'))).toBe(false);
  });

  it('NO_COLOR=1: no escape codes; FORCE_COLOR=1: escape codes; piped by default: none', async () => {
    const piped = await spawnCli(['check', RAISUP]);
    const noColor = await spawnCli(['check', RAISUP], { env: { NO_COLOR: '1' } });
    const forced = await spawnCli(['check', RAISUP], { env: { FORCE_COLOR: '1' } });
    expect(piped.stdout).not.toContain(ESC);
    expect(noColor.stdout).not.toContain(ESC);
    expect(forced.stdout).toContain(ESC);
    expect(forced.code).toBe(piped.code);
  });

  it('output is deterministic: two runs give the same bytes', async () => {
    for (const format of ['text', 'json']) {
      const a = await spawnCli(['check', RAISUP, '--format', format]);
      const b = await spawnCli(['check', RAISUP, '--format', format]);
      expect(a.stdoutBytes.length).toBeGreaterThan(0);
      expect(b.stdoutBytes.equals(a.stdoutBytes), `${format} differs between runs`).toBe(true);
    }
  });

  it('--top 2 limits riskGroups in JSON', async () => {
    const r = await spawnCli(['check', RAISUP, '--format', 'json', '--top', '2']);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.datasets.length).toBeGreaterThan(0);
    for (const d of report.datasets) expect(d.riskGroups.length).toBeLessThanOrEqual(2);
  });

  it('graph --format mef starts with <?xml; schema has $schema', async () => {
    const mef = await spawnCli(['graph', RAISUP, '--format', 'mef']);
    expect(mef.code).toBe(0);
    expect(mef.stdout.startsWith('<?xml')).toBe(true);
    const schema = await spawnCli(['schema']);
    expect(schema.code).toBe(0);
    expect((JSON.parse(schema.stdout) as Record<string, unknown>).$schema).toBeTypeOf('string');
  });

  it('--help and --version exit 0', async () => {
    const help = await spawnCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: bcaudit/);
    const version = await spawnCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(PACKAGE_VERSION);
  });

  it.each([
    ['check', ['check', RAISUP, '--format', 'json'], 1],
    ['report', ['report', RAISUP, '--now', '2026-11-24'], 0],
    ['simulate', ['simulate', RAISUP, '--fail', 'do-main'], 0],
    ['graph', ['graph', RAISUP, '--format', 'mef'], 0],
  ] as const)('%s loads neither the AWS SDK nor ssh2', async (name, argv, code) => {
    const log = join(dir, `modules-${name}.log`);
    const nodeArgs = moduleRecorder(dir, log);
    const r = await spawnCli([...argv], { nodeArgs });
    expect(r.code, r.stderr).toBe(code);
    const loaded = loadedModules(log);
    // the bundle ran, and the recorder works: it saw the CLI and its dependencies
    expect(loaded.some((u) => u.endsWith('/dist/cli-bundle/bcaudit.js'))).toBe(true);
    expect(loaded.some((u) => u.endsWith('/dist/cli/main.js'))).toBe(true);
    expect(loaded.some((u) => u.includes('/node_modules/commander/'))).toBe(true);
    expect(loaded.some((u) => u.includes('/node_modules/js-yaml/'))).toBe(true);
    // the exact `yaml` parser is needed only for problems, so a clean inventory never loads it
    expect(loaded.some((u) => u.includes('/node_modules/yaml/'))).toBe(false);
    // schemas are compiled ahead of time: ajv's compiler loads only for a waivers file
    expect(loaded.filter((u) => u.includes('/node_modules/ajv/dist/core.js') || u.includes('/node_modules/ajv-formats/dist/index.js'))).toEqual([]);
    expect(loaded.some((u) => u.startsWith('/') && u.includes('/node_modules/')), 'require.cache recorded').toBe(true);
    const forbidden = loaded.filter((u) => u.includes('@aws-sdk') || u.includes('/ssh2/') || u.includes('@smithy'));
    expect(forbidden).toEqual([]);
  });

  it.each([
    ['a built-in policy', 'baseline', false],
    ['a policy file', 'policy.yml', true],
  ] as const)('check with %s loads the policy validator only to check a file', async (name, policy, checks) => {
    writeFileSync(join(dir, 'policy.yml'), 'version: 1\nextends: strict\nrules:\n  rpo: { severity: low }\n');
    const log = join(dir, `policy-modules-${checks}.log`);
    const r = await spawnCli(['check', RAISUP, '--policy', policy === 'baseline' ? policy : join(dir, policy), '--format', 'json'], { nodeArgs: moduleRecorder(dir, log) });
    expect(r.code, r.stderr).toBe(1);
    const loaded = loadedModules(log);
    expect(loaded.some((u) => u.endsWith('/dist/cli/main.js'))).toBe(true);
    expect(loaded.some((u) => u.endsWith('/dist/generated/inventoryValidator.js'))).toBe(true);
    expect(loaded.some((u) => u.endsWith('/dist/generated/policyValidator.js')), name).toBe(checks);
    // Checked with the validator compiled ahead of time, never by compiling the schema at run time.
    expect(loaded.filter((u) => u.includes('/node_modules/ajv/dist/core.js'))).toEqual([]);
  });

  it('a policy file is still checked against the schema', async () => {
    writeFileSync(join(dir, 'bad-policy.yml'), 'version: 1\nextends: baseline\nrules:\n  rpo: { severity: severe }\n');
    const r = await spawnCli(['check', RAISUP, '--policy', join(dir, 'bad-policy.yml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad-policy\.yml:4:\d+: .*severity/);
  });

  it.each([
    ['graph', ['graph', RAISUP, '--format', 'mef'], 0, false],
    ['explain', ['explain', 'single-point-of-failure'], 0, false],
    ['check', ['check', RAISUP, '--format', 'json'], 1, true],
  ] as const)('%s loads the decision-diagram code only when it computes probabilities', async (name, argv, code, computes) => {
    const log = join(dir, `bdd-modules-${name}.log`);
    const r = await spawnCli([...argv], { nodeArgs: moduleRecorder(dir, log) });
    expect(r.code, r.stderr).toBe(code);
    const loaded = loadedModules(log);
    expect(loaded.some((u) => u.endsWith('/dist/cli/main.js'))).toBe(true);
    expect(loaded.some((u) => u.endsWith('/dist/model/quantifier.js'))).toBe(computes);
    expect(loaded.some((u) => u.endsWith('/dist/model/probability.js'))).toBe(computes);
  });
});
