// The Terraform reader: every shape met in real `terraform show -json` and terraform.tfstate files.
import { describe, expect, it } from 'vitest';
import { dataHoldingResources } from '../../src/import/terraform/holdings.js';
import { isUnknown, readTerraform, TerraformInputError, type TfResource } from '../../src/import/terraform/read.js';

const SECRET = 'hunter2-do-not-print';

function utf8(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}

function read(value: unknown, file = 'in.json') {
  return readTerraform([{ file, bytes: utf8(value) }]);
}

function byAddress(resources: readonly TfResource[], address: string): TfResource {
  const found = resources.find((r) => r.address === address);
  if (!found) throw new Error(`no ${address} among ${resources.map((r) => r.address).join(', ')}`);
  return found;
}

function inputError(run: () => unknown): TerraformInputError {
  try {
    run();
  } catch (error) {
    if (error instanceof TerraformInputError) return error;
    throw error;
  }
  throw new Error('expected a TerraformInputError');
}

const stateWithModules = {
  format_version: '1.0',
  terraform_version: '1.9.8',
  values: {
    root_module: {
      resources: [
        {
          address: 'aws_s3_bucket.logs',
          mode: 'managed',
          type: 'aws_s3_bucket',
          name: 'logs',
          provider_name: 'registry.terraform.io/hashicorp/aws',
          values: { bucket: 'acme-logs', arn: 'arn:aws:s3:::acme-logs', policy: SECRET, tags: { env: 'prod' } },
          sensitive_values: { tags: {} },
        },
        {
          address: 'data.aws_caller_identity.current',
          mode: 'data',
          type: 'aws_caller_identity',
          name: 'current',
          provider_name: 'registry.terraform.io/hashicorp/aws',
          values: { account_id: '111111111111', user_id: SECRET },
        },
      ],
      child_modules: [
        {
          address: 'module.db["eu.1"]',
          resources: [
            {
              address: 'module.db["eu.1"].aws_db_instance.main[0]',
              mode: 'managed',
              type: 'aws_db_instance',
              name: 'main',
              index: 0,
              provider_name: 'registry.terraform.io/hashicorp/aws',
              values: { identifier: 'main-eu', password: SECRET, backup_retention_period: 7, kms_key_id: SECRET },
              sensitive_values: { kms_key_id: true, password: true },
            },
            {
              address: 'module.db["eu.1"].aws_db_instance.old',
              mode: 'managed',
              type: 'aws_db_instance',
              name: 'old',
              deposed_key: '00000001',
              provider_name: 'registry.terraform.io/hashicorp/aws',
              values: { identifier: 'old' },
            },
          ],
          child_modules: [
            {
              address: 'module.db["eu.1"].module.vault["a[b].c"]',
              resources: [
                {
                  address: 'module.db["eu.1"].module.vault["a[b].c"].aws_backup_vault.this["x.y"]',
                  mode: 'managed',
                  type: 'aws_backup_vault',
                  name: 'this',
                  index: 'x.y',
                  provider_name: 'registry.terraform.io/hashicorp/aws',
                  values: { name: 'v1', arn: 'arn:aws:backup:eu-west-1:111111111111:backup-vault:v1' },
                },
              ],
            },
          ],
        },
      ],
    },
  },
};

describe('terraform show -json of a state', () => {
  const reading = read(stateWithModules, 'state.json');

  it('keeps addresses as Terraform prints them, module path and keys with dots and brackets included', () => {
    expect(reading.resources.map((r) => r.address)).toEqual([
      'aws_s3_bucket.logs',
      'data.aws_caller_identity.current',
      'module.db["eu.1"].aws_db_instance.main[0]',
      'module.db["eu.1"].module.vault["a[b].c"].aws_backup_vault.this["x.y"]',
    ]);
    const vault = byAddress(reading.resources, 'module.db["eu.1"].module.vault["a[b].c"].aws_backup_vault.this["x.y"]');
    expect(vault.modulePath).toBe('module.db["eu.1"].module.vault["a[b].c"]');
    expect(vault.index).toBe('x.y');
    expect(vault.jsonPath).toBe('$.values.root_module.child_modules[0].child_modules[0].resources[0]');
    expect(reading.sources).toEqual([{ file: 'state.json', kind: 'state', formatVersion: '1.0', terraformVersion: '1.9.8', providers: {} }]);
  });

  it('reads only allow-listed attributes and drops sensitive ones', () => {
    const db = byAddress(reading.resources, 'module.db["eu.1"].aws_db_instance.main[0]');
    expect(db.values).toEqual({ identifier: 'main-eu', backup_retention_period: 7 });
    expect(byAddress(reading.resources, 'aws_s3_bucket.logs').values).toEqual({ bucket: 'acme-logs', arn: 'arn:aws:s3:::acme-logs', tags: { env: 'prod' } });
    expect(JSON.stringify(reading.resources)).not.toContain(SECRET);
  });

  it('leaves out deposed objects', () => {
    expect(reading.resources.some((r) => r.name === 'old')).toBe(false);
  });

  it('state JSON has no provider alias: the key is the provider name', () => {
    expect(byAddress(reading.resources, 'aws_s3_bucket.logs').providerKey).toBe('aws');
    expect(byAddress(reading.resources, 'aws_s3_bucket.logs').provider).toBe('aws');
  });
});

const plan = {
  format_version: '1.2',
  terraform_version: '1.9.8',
  variables: { db_password: { value: SECRET } },
  planned_values: { root_module: { resources: [] } },
  resource_changes: [
    {
      address: 'aws_s3_bucket.data',
      mode: 'managed',
      type: 'aws_s3_bucket',
      name: 'data',
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: { actions: ['create'], before: null, after: { bucket: 'acme-data', force_destroy: false }, after_unknown: { arn: true, versioning: true, id: true }, after_sensitive: {} },
    },
    {
      address: 'aws_s3_bucket_versioning.data',
      mode: 'managed',
      type: 'aws_s3_bucket_versioning',
      name: 'data',
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: { actions: ['create'], before: null, after: { versioning_configuration: [{ status: 'Enabled' }] }, after_unknown: { bucket: true, versioning_configuration: [{}] } },
    },
    {
      address: 'aws_s3_bucket.gone',
      mode: 'managed',
      type: 'aws_s3_bucket',
      name: 'gone',
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: { actions: ['delete'], before: { bucket: 'gone' }, after: null },
    },
    {
      address: 'aws_s3_bucket.forgotten',
      mode: 'managed',
      type: 'aws_s3_bucket',
      name: 'forgotten',
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: { actions: ['forget'], before: { bucket: 'forgotten' }, after: null },
    },
    {
      address: 'aws_db_instance.main',
      mode: 'managed',
      type: 'aws_db_instance',
      name: 'main',
      deposed: 'abcd1234',
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: { actions: ['delete'], before: { identifier: 'main' }, after: null },
    },
    {
      address: 'aws_db_instance.main',
      module_address: undefined,
      mode: 'managed',
      type: 'aws_db_instance',
      name: 'main',
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: {
        actions: ['delete', 'create'],
        before: {},
        after: { identifier: 'main', password: SECRET, backup_retention_period: null, storage_encrypted: true },
        after_unknown: { backup_retention_period: true, arn: true },
        after_sensitive: { password: true },
      },
    },
    {
      address: 'module.app.aws_dynamodb_table.t',
      module_address: 'module.app',
      mode: 'managed',
      type: 'aws_dynamodb_table',
      name: 't',
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: { actions: ['no-op'], before: {}, after: { name: 't', point_in_time_recovery: [{ enabled: true }] }, after_unknown: {} },
    },
  ],
  configuration: {
    provider_config: {
      aws: { name: 'aws', full_name: 'registry.terraform.io/hashicorp/aws', expressions: { region: { constant_value: 'eu-west-1' } } },
      'aws.backup': {
        name: 'aws',
        alias: 'backup',
        expressions: { region: { constant_value: 'eu-central-1' }, assume_role: [{ role_arn: { constant_value: 'arn:aws:iam::222222222222:role/deployer' } }] },
      },
    },
    root_module: {
      resources: [
        { address: 'aws_s3_bucket.data', mode: 'managed', type: 'aws_s3_bucket', name: 'data', provider_config_key: 'aws.backup', expressions: { bucket: { constant_value: 'acme-data' } } },
        {
          address: 'aws_s3_bucket_versioning.data',
          mode: 'managed',
          type: 'aws_s3_bucket_versioning',
          name: 'data',
          provider_config_key: 'aws.backup',
          expressions: { bucket: { references: ['aws_s3_bucket.data.id', 'aws_s3_bucket.data'] } },
        },
        { address: 'aws_db_instance.main', mode: 'managed', type: 'aws_db_instance', name: 'main', provider_config_key: 'aws', expressions: { password: { references: ['var.db_password'] } } },
        { address: 'aws_s3_bucket.skipped', mode: 'managed', type: 'aws_s3_bucket', name: 'skipped', provider_config_key: 'aws', count_expression: { constant_value: 0 } },
      ],
      module_calls: {
        app: {
          source: './app',
          module: { resources: [{ address: 'aws_dynamodb_table.t', mode: 'managed', type: 'aws_dynamodb_table', name: 't', provider_config_key: 'module.app:aws' }] },
        },
      },
    },
  },
};

describe('terraform show -json of a saved plan', () => {
  const reading = read(plan, 'plan.json');

  it('a deleted, forgotten or deposed object, or a block with count 0, is not a resource', () => {
    expect(reading.resources.map((r) => r.address)).toEqual(['aws_s3_bucket.data', 'aws_s3_bucket_versioning.data', 'aws_db_instance.main', 'module.app.aws_dynamodb_table.t']);
  });

  it('an unknown value is recorded as unknown, never read as "not set"', () => {
    const bucket = byAddress(reading.resources, 'aws_s3_bucket.data');
    expect(bucket.values.versioning).toBeUndefined();
    expect(isUnknown(bucket, 'versioning')).toBe(true);
    expect(isUnknown(bucket, 'versioning.0.enabled')).toBe(true);
    const db = byAddress(reading.resources, 'aws_db_instance.main');
    expect(db.values.backup_retention_period).toBeUndefined();
    expect(isUnknown(db, 'backup_retention_period')).toBe(true);
    expect(isUnknown(db, 'storage_encrypted')).toBe(false);
  });

  it('takes the provider configuration key, alias included, from the configuration', () => {
    expect(byAddress(reading.resources, 'aws_s3_bucket.data').providerKey).toBe('aws.backup');
    expect(byAddress(reading.resources, 'aws_db_instance.main').providerKey).toBe('aws');
    expect(reading.sources[0]!.providers).toEqual({ aws: { region: 'eu-west-1' }, 'aws.backup': { region: 'eu-central-1', assumeRoleArn: 'arn:aws:iam::222222222222:role/deployer' } });
  });

  it('before Terraform 1.2 a module resource names module.x:aws although the module inherits the root configuration', () => {
    expect(byAddress(reading.resources, 'module.app.aws_dynamodb_table.t').providerKey).toBe('aws');
  });

  it('keeps links that exist only as configuration references', () => {
    expect(byAddress(reading.resources, 'aws_s3_bucket_versioning.data').references).toEqual({ bucket: ['aws_s3_bucket.data'] });
    expect(byAddress(reading.resources, 'aws_db_instance.main').references).toEqual({});
  });

  it('never holds a sensitive value, a variable or a constant outside the allow-list', () => {
    expect(JSON.stringify(reading)).not.toContain(SECRET);
  });
});

describe('raw terraform.tfstate (version 4)', () => {
  const state = {
    version: 4,
    terraform_version: '1.5.7',
    serial: 3,
    lineage: 'x',
    outputs: { password: { value: SECRET, sensitive: true } },
    resources: [
      {
        mode: 'managed',
        type: 'aws_s3_bucket',
        name: 'b',
        provider: 'provider["registry.terraform.io/hashicorp/aws"].backup',
        instances: [
          { index_key: 'a.b["c"]', attributes: { bucket: 'one', arn: 'arn:aws:s3:::one', tags: { owner: SECRET } }, sensitive_attributes: [[{ type: 'get_attr', value: 'tags' }, { type: 'index', value: { value: 'owner', type: 'string' } }]] },
          { index_key: 'z', deposed: 'ffff0000', attributes: { bucket: 'old' } },
        ],
      },
      {
        module: 'module.data[0]',
        mode: 'managed',
        type: 'aws_db_instance',
        name: 'db',
        provider: 'module.data.provider["registry.terraform.io/hashicorp/aws"].west',
        instances: [{ attributes: { identifier: 'db1', password: SECRET, backup_retention_period: 0 }, sensitive_attributes: [[{ type: 'get_attr', value: 'password' }]] }],
      },
      {
        mode: 'managed',
        type: 'aws_efs_file_system',
        name: 'legacy',
        provider: 'provider.aws.primary',
        instances: [{ schema_version: 0, attributes: { id: 'fs-1' } }],
      },
    ],
  };
  const reading = read(state, 'terraform.tfstate');

  it('builds addresses from module, type, name and index_key; leaves deposed objects out', () => {
    expect(reading.resources.map((r) => r.address)).toEqual(['aws_s3_bucket.b["a.b[\\"c\\"]"]', 'module.data[0].aws_db_instance.db', 'aws_efs_file_system.legacy']);
    expect(reading.sources[0]).toMatchObject({ kind: 'tfstate', formatVersion: '4', terraformVersion: '1.5.7' });
  });

  it('keeps the provider alias raw state records', () => {
    expect(reading.resources.map((r) => r.providerKey)).toEqual(['aws.backup', 'module.data:aws.west', 'aws.primary']);
  });

  it('drops sensitive_attributes, nested ones included', () => {
    expect(reading.resources[0]!.values).toEqual({ bucket: 'one', arn: 'arn:aws:s3:::one', tags: {} });
    expect(reading.resources[1]!.values).toEqual({ identifier: 'db1', backup_retention_period: 0 });
    expect(JSON.stringify(reading)).not.toContain(SECRET);
  });
});

describe('versions, encodings and bad input', () => {
  const minimal = (formatVersion: string) => ({ format_version: formatVersion, values: { root_module: { resources: [] } } });

  it.each(['0.1', '0.2', '1.0', '1.1', '1.2', '1.9'])('accepts format_version %s', (v) => {
    expect(read(minimal(v)).sources[0]!.formatVersion).toBe(v);
  });

  it('ignores keys it does not know', () => {
    expect(read({ ...minimal('1.2'), checks: [], relevant_attributes: [], timestamp: 'x', applyable: true }).resources).toEqual([]);
  });

  it('refuses format_version 2.x clearly', () => {
    const error = inputError(() => read(minimal('2.0'), 'future.json'));
    expect(error.file).toBe('future.json');
    expect(error.jsonPath).toBe('$.format_version');
    expect(error.message).toContain('newer than bcaudit reads');
  });

  it('refuses state version 3 and 5', () => {
    expect(inputError(() => read({ version: 3, serial: 1, modules: [] })).message).toContain('0.11 or older');
    expect(inputError(() => read({ version: 5, serial: 1, resources: [] })).message).toContain('newer');
  });

  it('reads UTF-16 LE with a byte order mark (PowerShell redirection) and UTF-8 with one', () => {
    const text = JSON.stringify(stateWithModules);
    const utf16 = new Uint8Array(2 + text.length * 2);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) {
      utf16[2 + i * 2] = text.charCodeAt(i) & 0xff;
      utf16[3 + i * 2] = text.charCodeAt(i) >> 8;
    }
    const fromUtf16 = readTerraform([{ file: 'ps.json', bytes: utf16 }]);
    expect(fromUtf16.resources).toHaveLength(4);
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    expect(readTerraform([{ file: 'bom.json', bytes: withBom }]).resources).toHaveLength(4);
  });

  it('names a file that is not Terraform JSON', () => {
    const error = inputError(() => read({ name: 'x', version: 1 }, 'inventory.json'));
    expect(error.message).toMatch(/^inventory\.json: \$: not Terraform JSON/);
    expect(inputError(() => read([1, 2])).message).toContain('a JSON list');
  });

  it('says a truncated file is truncated, and never quotes its content', () => {
    const text = JSON.stringify({ ...plan, variables: { p: { value: SECRET } } });
    const cut = text.slice(0, text.indexOf(SECRET) + 5);
    const error = inputError(() => readTerraform([{ file: 'cut.json', bytes: new TextEncoder().encode(cut) }]));
    expect(error.message).toContain('truncated');
    expect(error.message).not.toContain('hunter');
    const broken = inputError(() => readTerraform([{ file: 'b.json', bytes: new TextEncoder().encode(`{"a": ${SECRET}}`) }]));
    expect(broken.message).toContain('not valid JSON');
    expect(broken.message).not.toContain('hunter');
  });

  it('names the JSON path of a malformed part', () => {
    const error = inputError(() => read({ format_version: '1.0', values: { root_module: { resources: [{ type: 'aws_s3_bucket' }] } } }));
    expect(error.jsonPath).toBe('$.values.root_module.resources[0]');
  });

  it('warns when every value of a plan is unknown', () => {
    const allUnknown = {
      format_version: '1.2',
      resource_changes: [
        { address: 'aws_s3_bucket.a', mode: 'managed', type: 'aws_s3_bucket', name: 'a', change: { actions: ['create'], after: {}, after_unknown: { bucket: true, arn: true } } },
      ],
    };
    expect(read(allUnknown, 'p.json').warnings).toEqual([expect.stringMatching(/^p\.json: \$\.resource_changes: every attribute bcaudit reads is unknown until apply/)]);
  });

  it('Terraform 0.12 puts the alias in provider_name', () => {
    const old = {
      format_version: '0.1',
      terraform_version: '0.12.31',
      values: { root_module: { resources: [{ address: 'aws_s3_bucket.b', mode: 'managed', type: 'aws_s3_bucket', name: 'b', provider_name: 'aws.primary', values: { bucket: 'b' } }] } },
    };
    expect(read(old).resources[0]!.providerKey).toBe('aws.primary');
  });
});

describe('data-holding resources', () => {
  it('lists stores and targets with the names that identify them', () => {
    const reading = read(stateWithModules);
    expect(dataHoldingResources(reading.resources)).toEqual([
      { address: 'aws_s3_bucket.logs', type: 'aws_s3_bucket', file: 'in.json', jsonPath: '$.values.root_module.resources[0]', role: 'store', names: ['acme-logs', 'arn:aws:s3:::acme-logs'] },
      { address: 'module.db["eu.1"].aws_db_instance.main[0]', type: 'aws_db_instance', file: 'in.json', jsonPath: '$.values.root_module.child_modules[0].resources[0]', role: 'store', names: ['main-eu'] },
      {
        address: 'module.db["eu.1"].module.vault["a[b].c"].aws_backup_vault.this["x.y"]',
        type: 'aws_backup_vault',
        file: 'in.json',
        jsonPath: '$.values.root_module.child_modules[0].child_modules[0].resources[0]',
        role: 'target',
        names: ['v1', 'arn:aws:backup:eu-west-1:111111111111:backup-vault:v1'],
      },
    ]);
  });

  it('a replication destination and a read replica are targets', () => {
    const reading = read({
      format_version: '1.0',
      values: {
        root_module: {
          resources: [
            { address: 'aws_s3_bucket.src', mode: 'managed', type: 'aws_s3_bucket', name: 'src', values: { bucket: 'src' } },
            { address: 'aws_s3_bucket.dst', mode: 'managed', type: 'aws_s3_bucket', name: 'dst', values: { bucket: 'dst' } },
            {
              address: 'aws_s3_bucket_replication_configuration.r',
              mode: 'managed',
              type: 'aws_s3_bucket_replication_configuration',
              name: 'r',
              values: { bucket: 'src', rule: [{ status: 'Enabled', destination: [{ bucket: 'arn:aws:s3:::dst' }] }] },
            },
            { address: 'aws_db_instance.replica', mode: 'managed', type: 'aws_db_instance', name: 'replica', values: { identifier: 'r', replicate_source_db: 'main' } },
          ],
        },
      },
    });
    expect(dataHoldingResources(reading.resources).map((h) => [h.address, h.role])).toEqual([
      ['aws_s3_bucket.src', 'store'],
      ['aws_s3_bucket.dst', 'target'],
      ['aws_db_instance.replica', 'target'],
    ]);
  });
});
