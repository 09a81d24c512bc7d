// Property: for any state (module instances and for_each keys with dots, brackets and quotes,
// buckets, databases, backup plans), the draft validates, is the same bytes every time, and
// merging it into itself changes no byte. BCAUDIT_TEST_FULL=1 runs many more cases.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInventory } from '../../src/inventory/load.js';
import { runCli } from '../support/cli.js';

const RUNS = process.env.BCAUDIT_TEST_FULL === '1' ? 200 : 15;

const key = fc.oneof(fc.nat({ max: 5 }), fc.stringMatching(/^[a-zA-Z0-9.[\]" _-]{1,8}$/));
const account = fc.constantFrom('111111111111', '222222222222');

const resourceArb = fc.record({
  module: fc.option(fc.tuple(fc.constantFrom('app', 'data'), fc.option(key, { nil: undefined })), { nil: undefined }),
  kind: fc.constantFrom('bucket', 'db', 'table'),
  name: fc.constantFrom('main', 'logs', 'x'),
  index: fc.option(key, { nil: undefined }),
  account,
  versioned: fc.boolean(),
  retention: fc.nat({ max: 35 }),
});

type Generated = typeof resourceArb extends fc.Arbitrary<infer T> ? T : never;

/** `[0]` or `["a.b"]`, as Terraform prints an instance key. */
function keyText(key: string | number | undefined): string {
  return key === undefined ? '' : typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
}

function state(resources: Generated[]): string {
  const byModule = new Map<string, object[]>();
  const seen = new Set<string>();
  resources.forEach((r, i) => {
    const type = r.kind === 'bucket' ? 'aws_s3_bucket' : r.kind === 'db' ? 'aws_db_instance' : 'aws_dynamodb_table';
    const moduleAddress = r.module ? `module.${r.module[0]}${keyText(r.module[1])}` : '';
    const addr = `${moduleAddress ? `${moduleAddress}.` : ''}${type}.${r.name}${keyText(r.index)}`;
    if (seen.has(addr)) return;
    seen.add(addr);
    const values =
      r.kind === 'bucket'
        ? { bucket: `b-${i}`, arn: `arn:aws:s3:::b-${i}`, versioning: [{ enabled: r.versioned }] }
        : r.kind === 'db'
          ? { identifier: `db-${i}`, arn: `arn:aws:rds:eu-west-1:${r.account}:db:db-${i}`, backup_retention_period: r.retention }
          : { name: `t-${i}`, arn: `arn:aws:dynamodb:eu-west-1:${r.account}:table/t-${i}`, point_in_time_recovery: [{ enabled: r.versioned }] };
    const list = byModule.get(moduleAddress) ?? [];
    list.push({ address: addr, mode: 'managed', type, name: r.name, ...(r.index === undefined ? {} : { index: r.index }), provider_name: 'registry.terraform.io/hashicorp/aws', values });
    byModule.set(moduleAddress, list);
  });
  const root = byModule.get('') ?? [];
  const children = [...byModule.entries()].filter(([m]) => m !== '').map(([m, list]) => ({ address: m, resources: list }));
  return JSON.stringify({ format_version: '1.0', values: { root_module: { resources: root, child_modules: children } } });
}

describe('import terraform on generated states', () => {
  it('validates, is deterministic, and is a fixed point of --merge', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(resourceArb, { minLength: 1, maxLength: 12 }), async (resources) => {
        const files = { 's.json': state(resources) };
        const a = await runCli(['import', 'terraform', 's.json', '-o', 'a.yml'], { files });
        expect(a.stderr).not.toContain('internal error');
        expect(a.code).toBe(0);
        const text = a.written['a.yml']!;
        const loaded = parseInventory(text, 'a.yml');
        expect(loaded.ok ? [] : loaded.problems).toEqual([]);
        const b = await runCli(['import', 'terraform', 's.json', '-o', 'a.yml'], { files });
        expect(b.written['a.yml']).toBe(text);
        const merged = await runCli(['import', 'terraform', 's.json', '--merge', 'a.yml'], { files: { ...files, 'a.yml': text } });
        expect(merged.written['a.yml']).toBe(text);
      }),
      { numRuns: RUNS },
    );
  });
});
