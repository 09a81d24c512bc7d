// `check --terraform`: the coverage gate through the real CLI — exit codes, locations in every
// format, several files and inventories, and unusable Terraform input.
import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { runCli, STACK_LINE } from '../support/cli.js';
import { sarifValidator } from '../support/sarif.js';

const PLAN = 'examples/terraform/plan.json';
const PLAN_NEW_DB = 'examples/terraform/plan-unlisted-database.json';
const NOW = ['--now', '2026-12-04'];

/** Only the coverage rules, so each case sees exactly what coverage finds. */
const COVERAGE_POLICY = `version: 1
rules:
  unlisted-resource:
  stale-resource:
`;

/** Claims every data-holding resource of the example plan, in the ways an inventory may. */
const COVERED = `version: 1
providers: { aws: { kind: cloud } }
identities: { maria: { kind: person }, jonas: { kind: person } }
accounts:
  prod: { provider: aws, admins: [maria, jonas] }
  backup: { provider: aws, admins: [jonas] }
stores:
  orders:
    kind: database
    account: prod
    criticality: critical
    terraform: aws_db_instance.orders
  sessions:
    kind: database
    account: prod
    criticality: low
    terraform: aws_dynamodb_table.sessions
  uploads:
    kind: bucket
    account: prod
    criticality: high
    terraform: [module.uploads.aws_s3_bucket.source, module.uploads.aws_s3_bucket_versioning.source]
targets:
  uploads-replica:
    kind: object-storage
    account: backup
    immutable: compliance
    terraform: module.uploads.aws_s3_bucket.replica
backups:
  uploads-replication: { of: uploads, to: uploads-replica, mode: replica }
`;

interface JsonFinding {
  id: string;
  rule: string;
  severity: string;
  message: string;
  location: { file: string; line: number; column: number };
}

async function coverage(argv: string[], files: Record<string, string> = {}) {
  const run = await runCli(['check', ...argv, '--policy', 'coverage.yml', '-f', 'json', ...NOW], { files: { 'coverage.yml': COVERAGE_POLICY, ...files } });
  const doc = run.stdout === '' ? undefined : (JSON.parse(run.stdout) as { findings?: JsonFinding[]; inventories?: { findings: JsonFinding[] }[] });
  const findings = doc?.findings ?? doc?.inventories?.flatMap((i) => i.findings) ?? [];
  return { ...run, findings, ids: findings.map((f) => f.id).sort() };
}

const lineOf = (text: string, pattern: RegExp) => text.split('\n').findIndex((l) => pattern.test(l)) + 1;

describe('check --terraform on the worked example', () => {
  it('an inventory that claims every data-holding resource has no coverage finding and passes', async () => {
    const run = await coverage(['inv.yml', '--terraform', PLAN], { 'inv.yml': COVERED });
    expect(run.stderr).toBe('');
    expect(run.ids).toEqual([]);
    expect(run.code).toBe(0);
  });

  it('the plan that adds a database fails with exactly that database, located at stores:', async () => {
    const run = await coverage(['inv.yml', '--terraform', PLAN_NEW_DB], { 'inv.yml': COVERED });
    expect(run.code).toBe(1);
    expect(run.ids).toEqual(['unlisted-resource/aws_db_instance.analytics']);
    const [finding] = run.findings;
    expect(finding).toMatchObject({ severity: 'high', location: { file: 'inv.yml', line: lineOf(COVERED, /^stores:/), column: 1 } });
    expect(finding!.message).toContain(`aws_db_instance.analytics (${PLAN_NEW_DB} at $.`);
    expect(finding!.message).toContain('no store in the inventory stands for it');
  });

  it('an address that is gone is stale (medium, at its line): exit 0 at the default gate, 1 with --fail-on medium', async () => {
    const renamed = COVERED.replace('terraform: aws_db_instance.orders', 'terraform: aws_db_instance.orders_v1');
    const run = await coverage(['inv.yml', '--terraform', PLAN], { 'inv.yml': renamed });
    // The renamed entry no longer claims the database: it is unlisted as well, and suggested.
    expect(run.ids).toEqual(['stale-resource/orders/aws_db_instance.orders_v1', 'unlisted-resource/aws_db_instance.orders']);
    const stale = run.findings.find((f) => f.rule === 'stale-resource')!;
    expect(stale).toMatchObject({ severity: 'medium', location: { file: 'inv.yml', line: lineOf(renamed, /orders_v1/), column: 5 } });
    expect(stale.message).toContain(`which ${PLAN} does not contain`);
    expect(stale.message).toContain('Did you mean aws_db_instance.orders, which no entry claims?');

    const onlyStale = COVERED.replace('    terraform: module.uploads.aws_s3_bucket.replica', '    terraform: [module.uploads.aws_s3_bucket.replica, module.uploads.aws_s3_bucket.gone]');
    const medium = await coverage(['inv.yml', '--terraform', PLAN], { 'inv.yml': onlyStale });
    expect(medium.ids).toEqual(['stale-resource/uploads-replica/module.uploads.aws_s3_bucket.gone']);
    expect(medium.code).toBe(0);
    const failing = await coverage(['inv.yml', '--terraform', PLAN, '--fail-on', 'medium'], { 'inv.yml': onlyStale });
    expect(failing.code).toBe(1);
  });

  it('without --terraform the coverage rules find nothing', async () => {
    const run = await coverage(['inv.yml'], { 'inv.yml': COVERED.replace(/ {4}terraform: .*\n/g, '') });
    expect(run.ids).toEqual([]);
  });
});

describe('formats carry coverage findings', () => {
  const files = { 'inv.yml': COVERED.replace('terraform: aws_db_instance.orders', 'terraform: aws_db_instance.orders_v1') };
  const argv = ['check', 'inv.yml', '--terraform', PLAN_NEW_DB, '--policy', 'coverage.yml', ...NOW];

  it('SARIF: valid 2.1.0, each result at the inventory line, the rules described', async () => {
    const run = await runCli([...argv, '-f', 'sarif'], { files: { ...files, 'coverage.yml': COVERAGE_POLICY } });
    expect(run.code).toBe(1);
    const log = JSON.parse(run.stdout);
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const sarifRun = log.runs[0];
    const rules = sarifRun.tool.driver.rules as { id: string }[];
    const results = sarifRun.results as { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[]; properties: { findingId: string } }[];
    expect(results.map((r) => r.properties.findingId).sort()).toEqual([
      'stale-resource/orders/aws_db_instance.orders_v1',
      'unlisted-resource/aws_db_instance.analytics',
      'unlisted-resource/aws_db_instance.orders',
    ]);
    for (const r of results) {
      expect(rules[r.ruleIndex]!.id).toBe(r.ruleId);
      expect(r.locations[0]!.physicalLocation.artifactLocation.uri).toBe('inv.yml');
    }
    const unlisted = results.find((r) => r.properties.findingId === 'unlisted-resource/aws_db_instance.analytics')!;
    expect(unlisted.level).toBe('error');
    expect(unlisted.locations[0]!.physicalLocation.region.startLine).toBe(lineOf(files['inv.yml'], /^stores:/));
    expect(unlisted.message.text).toContain(PLAN_NEW_DB);
    const stale = results.find((r) => r.ruleId === 'stale-resource')!;
    expect(stale.level).toBe('warning');
    expect(stale.locations[0]!.physicalLocation.region.startLine).toBe(lineOf(files['inv.yml'], /orders_v1/));
  });

  it('JUnit: unlisted resources fail the inventory suite; a stale address fails its data set', async () => {
    const run = await runCli([...argv, '-f', 'junit', '--fail-on', 'medium'], { files: { ...files, 'coverage.yml': COVERAGE_POLICY } });
    expect(run.code).toBe(1);
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(run.stdout) as {
      testsuites: { testsuite: { name: string; testcase: { name: string; failure?: { '#text': string } } | { name: string; failure?: { '#text': string } }[] }[] };
    };
    const cases = (suite: string) => {
      const found = xml.testsuites.testsuite.find((s) => s.name === `bcaudit: ${suite}`);
      return found ? [found.testcase].flat() : [];
    };
    const unlisted = cases('inventory').find((c) => c.name === 'unlisted-resource')!;
    expect(unlisted.failure!['#text']).toContain('unlisted-resource/aws_db_instance.analytics');
    expect(unlisted.failure!['#text']).toContain('unlisted-resource/aws_db_instance.orders');
    expect(cases('orders').find((c) => c.name === 'stale-resource')!.failure!['#text']).toContain('aws_db_instance.orders_v1');
  });

  it('text names the address and the file, at the inventory line', async () => {
    const run = await runCli([...argv], { files: { ...files, 'coverage.yml': COVERAGE_POLICY } });
    expect(run.stdout).toContain(`Terraform resource aws_db_instance.analytics (${PLAN_NEW_DB} at $.`);
    expect(run.stdout).toContain(`inv.yml:${lineOf(files['inv.yml'], /^stores:/)}:1 · unlisted-resource/aws_db_instance.analytics`);
  });
});

describe('several files and several inventories', () => {
  const STATE_A = 'test/fixtures/rules/stale-resource.tfstate.json';
  const STATE_B = 'test/fixtures/rules/unlisted-resource.tfstate.json';
  const inventory = (claims: string) => `version: 1
providers: { aws: { kind: cloud } }
identities: { ops: { kind: person } }
accounts: { prod: { provider: aws, admins: [ops] } }
stores:
${claims}`;
  const store = (id: string, address: string) => `  ${id}: { kind: bucket, account: prod, criticality: low, terraform: '${address}' }\n`;

  it('an address is stale only when no file has it; --terraform may repeat', async () => {
    const inv = inventory(store('kept', 'aws_s3_bucket.kept') + store('claimed', 'aws_s3_bucket.claimed'));
    const both = await coverage(['inv.yml', '--terraform', STATE_A, '--terraform', STATE_B], { 'inv.yml': inv });
    expect(both.ids.filter((id) => id.startsWith('stale'))).toEqual([]);
    const onlyA = await coverage(['inv.yml', '--terraform', STATE_A], { 'inv.yml': inv });
    expect(onlyA.ids.filter((id) => id.startsWith('stale'))).toEqual(['stale-resource/claimed/aws_s3_bucket.claimed']);
  });

  it('the same address in two files (two workspaces) is one finding naming both, and needs an entry per file', async () => {
    const copy = await coverage(['inv.yml', '--terraform', STATE_A, 'copy.json'], { 'inv.yml': inventory(store('kept', 'aws_s3_bucket.kept')), 'copy.json': readFileSync(STATE_A, 'utf8') });
    const renamed = copy.findings.find((f) => f.id === 'unlisted-resource/aws_db_instance.renamed')!;
    expect(renamed.message).toContain(`in ${STATE_A} and copy.json`);
    expect(copy.ids.filter((id) => id === 'unlisted-resource/aws_db_instance.renamed')).toHaveLength(1);
    // One entry stands for one bucket: the same address in two workspaces needs two entries.
    const kept = copy.findings.find((f) => f.id === 'unlisted-resource/aws_s3_bucket.kept')!;
    expect(kept.message).toBe(
      `Terraform resource aws_s3_bucket.kept holds data in each of ${STATE_A} and copy.json, but only store 'kept' stands for it: an entry stands for one of them, so 1 is unlisted and no rule sees where its copies live.`,
    );
    const two = inventory(store('kept', 'aws_s3_bucket.kept') + store('kept-staging', 'aws_s3_bucket.kept'));
    const covered = await coverage(['inv.yml', '--terraform', STATE_A, 'copy.json'], { 'inv.yml': two, 'copy.json': readFileSync(STATE_A, 'utf8') });
    expect(covered.ids).not.toContain('unlisted-resource/aws_s3_bucket.kept');
  });

  it('with several inventories, what any claims is covered, and the rest is reported once, against the first', async () => {
    const first = inventory(store('kept', 'aws_s3_bucket.kept') + store('renamed', 'aws_db_instance.renamed'));
    const second = inventory(store('z', 'module.m.aws_s3_bucket.z'));
    const run = await coverage(['a.yml', 'b.yml', '--terraform', STATE_A], { 'a.yml': first, 'b.yml': second });
    expect(run.ids).toEqual(['unlisted-resource/aws_efs_file_system.home[0]', 'unlisted-resource/aws_efs_file_system.home[1]']);
    expect(run.findings.every((f) => f.location.file === 'a.yml')).toBe(true);
    const reversed = await coverage(['b.yml', 'a.yml', '--terraform', STATE_A], { 'a.yml': first, 'b.yml': second });
    expect(reversed.findings.every((f) => f.location.file === 'b.yml')).toBe(true);
    expect(reversed.ids).toEqual(run.ids);
  });

  it('a name match is an info note whatever severity the policy gives the rule', async () => {
    const policy = 'version: 1\nrules:\n  unlisted-resource: { severity: critical }\n';
    const inv = `${inventory(store('claimed', 'aws_s3_bucket.claimed'))}  fx-by-name: { kind: bucket, account: prod, criticality: high }\n`;
    const run = await coverage(['inv.yml', '--terraform', STATE_B, '--fail-on', 'low'], { 'inv.yml': inv, 'coverage.yml': policy });
    const note = run.findings.find((f) => f.id === 'unlisted-resource/aws_s3_bucket.by_name')!;
    expect(note).toMatchObject({ severity: 'info', location: { line: lineOf(inv, /fx-by-name:/) } });
    expect(note.message).toBe(`store 'fx-by-name' stands for Terraform resource aws_s3_bucket.by_name (${STATE_B} at $.values.root_module.resources[6]) only through the name 'fx-by-name' they share.`);
    expect(run.findings.find((f) => f.id === 'unlisted-resource/aws_db_instance.orphan')!.severity).toBe('critical');
  });
});

describe('unusable Terraform input: exit 2, the file and JSON path, no stack, nothing written', () => {
  const inv = { 'inv.yml': COVERED };
  it.each([
    ['not JSON', 'not json at all', /bad\.json: \$/],
    ['truncated', '{"format_version": "1.2", "planned_values": {"root_module": {"resources": [', /bad\.json: \$/],
    ['a list', '[1, 2]', /bad\.json: \$: not Terraform JSON/],
    ['from the future', '{"format_version": "2.0", "planned_values": {}}', /bad\.json: \$\.format_version: .*2\.0/],
    ['resources not a list', '{"format_version": "1.0", "values": {"root_module": {"resources": 5}}}', /bad\.json: \$\.values\.root_module\.resources/],
  ])('%s', async (_name, text, pattern) => {
    const run = await runCli(['check', 'inv.yml', '--terraform', PLAN, 'bad.json', '-o', 'out.json'], { files: { ...inv, 'bad.json': text } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(pattern);
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(run.stdout).toBe('');
    expect(run.written).toEqual({});
  });

  it('Terraform files may be 8 × --max-input-bytes, as for import: states and plans are larger than inventories', async () => {
    const size = readFileSync(PLAN).length;
    const within = await coverage(['inv.yml', '--terraform', PLAN, '--max-input-bytes', String(Math.ceil(size / 4))], { 'inv.yml': COVERED });
    expect(within.stderr).toBe('');
    expect(within.code).toBe(0);
    const over = await coverage(['inv.yml', '--terraform', PLAN, '--max-input-bytes', String(Math.floor(size / 8) - 1)], { 'inv.yml': COVERED });
    expect(over.code).toBe(2);
    expect(over.stderr).toContain('the limit for Terraform files (8 × --max-input-bytes)');
    expect(over.stderr).not.toMatch(STACK_LINE);
  });

  it('a missing file', async () => {
    const run = await runCli(['check', 'inv.yml', '--terraform', 'nowhere.json'], { files: inv });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('nowhere.json:1:1: cannot read the Terraform file: no such file or directory');
    expect(run.stdout).toBe('');
  });

  it('--terraform before the inventory swallows it: a usage error, not a crash', async () => {
    const run = await runCli(['check', '--terraform', PLAN, 'inv.yml'], { files: inv });
    expect(run.code).toBe(2);
    expect(run.stderr).not.toMatch(STACK_LINE);
  });
});
