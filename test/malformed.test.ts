// Every malformed inventory in test/fixtures/malformed/ must be refused with exit code 2, a located
// message `file:line:col: message` per problem, and never a stack trace (DESIGN §5).
//
// Each fixture names what it expects in its leading comment lines (or, for a file that cannot hold a
// comment such as the empty file, in `<name>.expect` beside it):
//   # expect: LINE:COL fragment     a problem at LINE:COL whose message contains the fragment
//   # expect: LINE:* fragment       ... at any column of LINE
//   # expect: LINE:COL /regex/      ... whose message matches the regular expression (case-insensitive)
//   # known-bug: why                bcaudit does not do this yet: the case runs as `it.fails`, so the
//                                   suite turns red once the bug is fixed and the marker must go.
//                                   KNOWN_BUGS=show runs them as ordinary tests, to see why they fail.
// The problems reported must be exactly the expected ones (one line each), plus the summary line.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, REPO_ROOT, runCli, spawnCli, STACK_LINE } from './support/cli.js';

const DIR = join(REPO_ROOT, 'test', 'fixtures', 'malformed');

interface Expectation {
  line: number;
  column: number | '*';
  text: string;
  matches(message: string): boolean;
}

interface Fixture {
  name: string;
  /** Path as given on the command line, relative to the repository. */
  file: string;
  expectations: Expectation[];
  knownBug?: string;
}

function parseHeader(name: string, header: string): Omit<Fixture, 'name' | 'file'> {
  const expectations: Expectation[] = [];
  let knownBug: string | undefined;
  for (const line of header.split(/\r?\n/)) {
    if (!line.startsWith('#')) break;
    const expect = /^# expect: (\d+):(\d+|\*) (.+)$/.exec(line);
    if (expect) {
      const text = expect[3]!;
      const regex = /^\/(.+)\/$/.exec(text);
      const pattern = regex ? new RegExp(regex[1]!, 'i') : undefined;
      expectations.push({
        line: Number(expect[1]),
        column: expect[2] === '*' ? '*' : Number(expect[2]),
        text,
        matches: (message) => (pattern ? pattern.test(message) : message.includes(text)),
      });
      continue;
    }
    const bug = /^# known-bug: (.+)$/.exec(line);
    if (bug) knownBug = bug[1]!;
  }
  if (expectations.length === 0) throw new Error(`${name}: no "# expect: LINE:COL message" line`);
  return { expectations, ...(knownBug === undefined ? {} : { knownBug }) };
}

function loadFixtures(): Fixture[] {
  const names = readdirSync(DIR).filter((n) => n.endsWith('.yml')).sort();
  return names.map((name) => {
    const path = join(DIR, name);
    const sidecar = `${path}.expect`;
    // Invalid bytes further down decode to U+FFFD, which does not matter to the header.
    let header = readFileSync(path, 'utf8');
    if (!header.startsWith('# expect:')) header = readFileSync(sidecar, 'utf8');
    return { name, file: relative(REPO_ROOT, path), ...parseHeader(name, header) };
  });
}

const fixtures = loadFixtures();
/** `it.fails` for a known bug, unless KNOWN_BUGS=show asks to see the failures. */
const knownBug = process.env.KNOWN_BUGS === 'show' ? it : it.fails;
const byName = new Map(fixtures.map((f) => [f.name, f]));

interface ProblemLine {
  line: number;
  column: number;
  message: string;
}

/** Problems in the CLI's stderr: `file:line:col: message`; throws on any other line but the summary. */
function problemLines(file: string, stderr: string): ProblemLine[] {
  const problems: ProblemLine[] = [];
  const prefix = `${file}:`;
  for (const line of stderr.split('\n')) {
    if (line === '') continue;
    const m = line.startsWith(prefix) ? /^(\d+):(\d+): (.+)$/.exec(line.slice(prefix.length)) : null;
    if (m) {
      problems.push({ line: Number(m[1]), column: Number(m[2]), message: m[3]! });
    } else if (!/^bcaudit: \d+ problems? in the input; nothing was analysed$/.test(line)) {
      throw new Error(`unexpected line on stderr: ${JSON.stringify(line)}\n--- stderr ---\n${stderr}`);
    }
  }
  return problems;
}

function checkOutcome(f: Fixture, r: { code: number | null; stdout: string; stderr: string }): void {
  const context = `\n--- stderr ---\n${r.stderr}--- stdout ---\n${r.stdout.slice(0, 2000)}`;
  expect(STACK_LINE.test(r.stderr), `stack trace on stderr${context}`).toBe(false);
  expect(STACK_LINE.test(r.stdout), `stack trace on stdout${context}`).toBe(false);
  expect(r.stderr, 'internal error').not.toMatch(/internal error/);
  expect(r.stderr, 'raw NUL byte echoed').not.toContain('\u0000');
  expect(r.code, `exit code${context}`).toBe(2);
  expect(r.stdout, 'nothing on stdout').toBe('');
  const problems = problemLines(f.file, r.stderr);
  for (const e of f.expectations) {
    const found = problems.some((p) => p.line === e.line && (e.column === '*' || p.column === e.column) && e.matches(p.message));
    expect(found, `expected ${f.file}:${e.line}:${e.column}: …${e.text}…${context}`).toBe(true);
  }
  expect(problems.length, `exactly the expected problems${context}`).toBe(f.expectations.length);
  expect(r.stderr).toMatch(new RegExp(`^bcaudit: ${problems.length} problems? in the input; nothing was analysed$`, 'm'));
}

describe('malformed inventories (in-process)', () => {
  it('has at least 20 fixtures, each with an expectation', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(20);
    for (const f of fixtures) expect(f.expectations.length).toBeGreaterThan(0);
  });

  for (const f of fixtures) {
    const test = f.knownBug === undefined ? it : knownBug;
    const title = f.knownBug === undefined ? f.name : `${f.name} [known bug: ${f.knownBug}]`;
    test(title, async () => {
      const r = await runCli(['check', f.file]);
      checkOutcome(f, r);
      // Resource-exhaustion inputs (alias bomb, deep nesting) must be refused before the timeout.
    }, 30_000);
  }
});

describe('malformed inventories (spawned bin/bcaudit.js)', () => {
  beforeAll(() => assertBuilt());

  const spawned = [
    'alias-bomb.yml',
    'duplicate-key.yml',
    'empty.yml',
    'proto-keys.yml',
    'cycle-service-login.yml',
    'yaml-unclosed-flow-map.yml',
    'deep-nesting.yml',
    'nul-byte.yml',
  ];
  for (const name of spawned) {
    it(name, async () => {
      const f = byName.get(name);
      expect(f, `fixture ${name}`).toBeDefined();
      const r = await spawnCli(['check', f!.file]);
      expect(r.signal, 'refused before the spawn timeout').toBeNull();
      checkOutcome(f!, r);
    });
  }

  // yaml prints a process warning ("Keys with collection values will be stringified …") straight to
  // the process's stderr, bypassing Io: the message is right but stderr carries two stray lines.
  it('complex-key.yml: no yaml library warning leaks to stderr', async () => {
    const f = byName.get('complex-key.yml')!;
    checkOutcome(f, await spawnCli(['check', f.file]));
  });
});

// Policies and waiver files are read by the same YAML reader: one syntax error, one problem there too.
describe('YAML syntax errors in policy and waiver files', () => {
  const inventory = 'examples/resilient.yml';
  const cases: { name: string; option: string; text: string; expected: string }[] = [
    {
      name: 'a tab indenting a policy rule',
      option: '--policy',
      text: 'version: 1\nrules:\n  rpo:\n\tseverity: high\n  retention:\n    severity: low\n',
      expected: 'policy.yml:4:1: invalid YAML: Tabs are not allowed as indentation',
    },
    {
      name: 'an unclosed quote in a policy',
      option: '--policy',
      text: 'version: 1\nname: "strict for us\nrules:\n  rpo:\n    severity: high\n',
      expected: 'policy.yml:2:7: invalid YAML: this "…" quote is never closed (no closing " before the end of the file)',
    },
    {
      name: 'a tab in a waiver list',
      option: '--waivers',
      text: '- finding: no-backup/x\n  owner: alice\n\treason: accepted\n  expires: 2027-01-01\n',
      expected: 'waivers.yml:3:1: invalid YAML: Tabs are not allowed as indentation',
    },
  ];
  for (const c of cases) {
    it(`${c.name}: one problem, at its place, exit 2`, async () => {
      const file = c.option === '--policy' ? 'policy.yml' : 'waivers.yml';
      const r = await runCli(['check', inventory, c.option, file], { files: { [file]: c.text } });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.split('\n').filter((l) => l.startsWith(`${file}:`))).toEqual([c.expected]);
    });
  }
});
