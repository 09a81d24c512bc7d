// The inventory's `terraform:` field (DESIGN §2): one address or a list, checked and written canonically.
import { describe, expect, it } from 'vitest';
import { parseInventory } from '../../src/inventory/load.js';
import { formatProblem } from '../../src/inventory/problem.js';
import { claimCovers, parseTerraformAddress } from '../../src/inventory/terraformAddress.js';

const inventory = (store: string, target = '') => `version: 1
providers: { aws: { kind: cloud } }
identities: { ops: { kind: person } }
accounts: { prod: { provider: aws, admins: [ops] } }
stores:
  db:
    kind: database
    account: prod
    criticality: high
${store}
targets:
  vault:
    kind: object-storage
    account: prod
${target}
`;

function load(store: string, target = '') {
  return parseInventory(inventory(store, target), 'inv.yml');
}

function problems(store: string, target = ''): string[] {
  const loaded = load(store, target);
  if (loaded.ok) throw new Error('expected problems');
  return loaded.problems.map(formatProblem);
}

describe('terraform: on stores and targets', () => {
  it('is absent: an empty list', () => {
    const loaded = load('');
    expect(loaded.ok && loaded.inventory.stores.get('db')!.terraform).toEqual([]);
  });

  it('one address or a list of them, for_each keys with dots and brackets kept whole, duplicates once', () => {
    const loaded = load(
      '    terraform: aws_db_instance.main',
      `    terraform:
      - module.backup["eu.west-1"].aws_s3_bucket.vault["a.b[0]"]
      - data.aws_s3_bucket.legacy
      - aws_s3_bucket.copies[2]
      - aws_s3_bucket.copies[2]`,
    );
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.inventory.stores.get('db')!.terraform).toEqual(['aws_db_instance.main']);
    expect(loaded.inventory.targets.get('vault')!.terraform).toEqual([
      'module.backup["eu.west-1"].aws_s3_bucket.vault["a.b[0]"]',
      'data.aws_s3_bucket.legacy',
      'aws_s3_bucket.copies[2]',
    ]);
  });

  it('an escaped key is written the way Terraform writes it', () => {
    const loaded = load(String.raw`    terraform: 'aws_s3_bucket.b["\u0061\"q"]'`);
    expect(loaded.ok && loaded.inventory.stores.get('db')!.terraform).toEqual([String.raw`aws_s3_bucket.b["a\"q"]`]);
  });

  it('text that is no resource address is an error at its line', () => {
    expect(problems('    terraform: aws_db_instance')).toEqual([
      `inv.yml:10:16: stores.db: terraform: 'aws_db_instance' is not a Terraform resource address (like aws_db_instance.main, module.backup.aws_s3_bucket.vault["eu"] or aws_efs_file_system.home[0])`,
    ]);
    const listed = problems('', '    terraform: [aws_s3_bucket.ok, "module.x.aws_s3_bucket.b[\\"open]"]');
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatch(/^inv\.yml:15:35: targets\.vault: terraform: 'module\.x\.aws_s3_bucket\.b\["open\]' is not/);
  });

  it('the schema refuses an empty address, a number and unknown spellings of the key', () => {
    expect(problems('    terraform: ""').join('\n')).toMatch(/inv\.yml:10:16: .*terraform/);
    expect(problems('    terraform: 5').join('\n')).toMatch(/inv\.yml:10:16: .*terraform/);
    expect(problems('    terrafrom: aws_db_instance.main').join('\n')).toMatch(/unknown key 'terrafrom'.*did you mean 'terraform'/);
  });
});

describe('Terraform addresses', () => {
  const parse = (text: string) => {
    const a = parseTerraformAddress(text);
    if (!a) throw new Error(`not an address: ${text}`);
    return a;
  };

  it('are parsed by grammar, not by splitting on dots', () => {
    expect(parse('module.a["x.y"].module.b[3].data.aws_iam_policy_document.p["k]."]')).toEqual({
      modules: [
        { name: 'a', key: 'x.y' },
        { name: 'b', key: 3 },
      ],
      mode: 'data',
      type: 'aws_iam_policy_document',
      name: 'p',
      key: 'k].',
    });
    for (const bad of ['', 'aws_s3_bucket', 'aws_s3_bucket.', 'module.a.aws_s3_bucket', 'aws_s3_bucket.b[01]', 'aws_s3_bucket.b["x"', 'aws_s3_bucket.b.c', 'module.a[x].t.n']) {
      expect(parseTerraformAddress(bad), bad).toBeUndefined();
    }
  });

  it('a claim without a key covers every instance; with a key only that one', () => {
    const covers = (claim: string, instance: string) => claimCovers(parse(claim), parse(instance));
    expect(covers('aws_s3_bucket.b', 'aws_s3_bucket.b[0]')).toBe(true);
    expect(covers('module.m.aws_s3_bucket.b', 'module.m["a.b"].aws_s3_bucket.b["c"]')).toBe(true);
    expect(covers('aws_s3_bucket.b[1]', 'aws_s3_bucket.b[0]')).toBe(false);
    expect(covers('aws_s3_bucket.b["0"]', 'aws_s3_bucket.b[0]')).toBe(false);
    expect(covers('aws_s3_bucket.b', 'data.aws_s3_bucket.b')).toBe(false);
    expect(covers('aws_s3_bucket.b', 'module.m.aws_s3_bucket.b')).toBe(false);
    expect(covers('module.m["a"].aws_s3_bucket.b', 'module.m["a.b"].aws_s3_bucket.b')).toBe(false);
  });
});
