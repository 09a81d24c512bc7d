// `npx tsx bench/terraform-import.ts`: generate a large `terraform show -json` state (default
// 50 MB: data stores, backup plans, and many resources bcaudit ignores, with the long policies and
// user data real states carry), then time `bcaudit import terraform` on it end to end (the built
// CLI, under GNU time: wall seconds and peak RSS). Target: under 5 s and 1 GB.
//
// Options: --mb 50  --runs 3  --keep (leave bench/.work/terraform-state.json)  --update FILE (replace
// the section "Terraform import" of FILE, as `npm run bench` does; else print the result line)
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { replaceSection } from './section.js';

const { values } = parseArgs({
  options: { mb: { type: 'string', default: '50' }, runs: { type: 'string', default: '3' }, keep: { type: 'boolean', default: false }, update: { type: 'string' } },
});
const SECTION = '## Terraform import';
const ROOT = new URL('..', import.meta.url).pathname;
const WORK = join(ROOT, 'bench', '.work');
const BIN = join(ROOT, 'bin', 'bcaudit.js');
const targetBytes = Number(values.mb) * 1024 * 1024;

/** A deterministic pseudo-random sequence, so every run measures the same file. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const ACCOUNTS = ['111111111111', '222222222222', '333333333333', '444444444444'];
const REGIONS = ['eu-west-1', 'eu-central-1', 'us-east-1', 'ap-southeast-2'];

function resource(address: string, type: string, name: string, values: object, index?: string | number): object {
  return { address, mode: 'managed', type, name, ...(index === undefined ? {} : { index }), provider_name: 'registry.terraform.io/hashicorp/aws', schema_version: 0, values, sensitive_values: {} };
}

function policy(rand: () => number, n: number): string {
  const statements = Array.from({ length: n }, (_, i) => ({
    Sid: `Statement${i}`,
    Effect: rand() < 0.8 ? 'Allow' : 'Deny',
    Action: ['s3:GetObject', 's3:PutObject', 'kms:Decrypt', 'rds:DescribeDBInstances', 'logs:PutLogEvents'].slice(0, 1 + Math.floor(rand() * 5)),
    Resource: `arn:aws:s3:::bucket-${Math.floor(rand() * 1e6)}/*`,
    Condition: { StringEquals: { 'aws:PrincipalOrgID': `o-${Math.floor(rand() * 1e9).toString(36)}` } },
  }));
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/** A state whose modules each hold one team's stores, backups and the many resources around them. */
function generateState(bytes: number): { text: string; resources: number; holdings: number } {
  const rand = random(20261204);
  const modules: object[] = [];
  let size = 0;
  let resources = 0;
  let holdings = 0;
  for (let m = 0; size < bytes; m++) {
    const account = ACCOUNTS[m % ACCOUNTS.length]!;
    const region = REGIONS[m % REGIONS.length]!;
    const path = `module.team["t${m}.${region}"]`;
    const list: object[] = [];
    for (let b = 0; b < 8; b++) {
      const bucket = `team-${m}-bucket-${b}`;
      list.push(resource(`${path}.aws_s3_bucket.data["b${b}"]`, 'aws_s3_bucket', 'data', { bucket, arn: `arn:aws:s3:::${bucket}`, region, tags: { team: `t${m}`, backup: b % 2 ? `t${m}-daily` : 'none' }, policy: policy(rand, 4) }, `b${b}`));
      list.push(resource(`${path}.aws_s3_bucket_versioning.data["b${b}"]`, 'aws_s3_bucket_versioning', 'data', { bucket, versioning_configuration: [{ status: b % 3 ? 'Enabled' : 'Suspended' }] }, `b${b}`));
      holdings++;
    }
    for (let d = 0; d < 3; d++) {
      const id = `team-${m}-db-${d}`;
      list.push(
        resource(`${path}.aws_db_instance.db[${d}]`, 'aws_db_instance', 'db', {
          identifier: id,
          arn: `arn:aws:rds:${region}:${account}:db:${id}`,
          backup_retention_period: d * 7,
          storage_encrypted: true,
          kms_key_id: `arn:aws:kms:${region}:${account}:key/${m}-${d}-0000-0000-000000000000`,
          password: 'bench-secret',
          tags: { team: `t${m}`, backup: `t${m}-daily` },
        }, d),
      );
      holdings++;
    }
    list.push(resource(`${path}.aws_backup_vault.vault`, 'aws_backup_vault', 'vault', { name: `team-${m}-vault`, arn: `arn:aws:backup:${region}:${account}:backup-vault:team-${m}-vault` }));
    list.push(
      resource(`${path}.aws_backup_plan.plan`, 'aws_backup_plan', 'plan', {
        id: `plan-${m}`,
        name: `team-${m}`,
        arn: `arn:aws:backup:${region}:${account}:backup-plan:plan-${m}`,
        rule: [{ rule_name: 'daily', target_vault_name: `team-${m}-vault`, schedule: 'cron(0 3 * * ? *)', lifecycle: [{ delete_after: 35 }], copy_action: [{ destination_vault_arn: `arn:aws:backup:eu-north-1:999999999999:backup-vault:central`, lifecycle: [{ delete_after: 365 }] }] }],
      }),
    );
    list.push(resource(`${path}.aws_backup_selection.tagged`, 'aws_backup_selection', 'tagged', { name: 'tagged', plan_id: `plan-${m}`, resources: [], selection_tag: [{ type: 'STRINGEQUALS', key: 'backup', value: `t${m}-daily` }] }));
    holdings++;
    // What surrounds data in a real state: roles, policies, instances with user data, security groups.
    for (let i = 0; i < 40; i++) {
      list.push(resource(`${path}.aws_iam_policy.p[${i}]`, 'aws_iam_policy', 'p', { name: `team-${m}-p${i}`, policy: policy(rand, 6) }, i));
      list.push(resource(`${path}.aws_instance.app[${i}]`, 'aws_instance', 'app', { ami: 'ami-0123456789abcdef0', instance_type: 't3.large', user_data: 'x'.repeat(600 + Math.floor(rand() * 400)), tags: { team: `t${m}` } }, i));
    }
    resources += list.length;
    const child = { address: path, resources: list };
    // Printed with indentation at the depth it will have in the state.
    size += JSON.stringify(child, null, 2).length * 1.12 + 1;
    modules.push(child);
  }
  const state = { format_version: '1.0', terraform_version: '1.9.8', values: { root_module: { resources: [], child_modules: modules } } };
  return { text: JSON.stringify(state, null, 2), resources, holdings };
}

mkdirSync(WORK, { recursive: true });
const statePath = join(WORK, 'terraform-state.json');
const outPath = join(WORK, 'terraform-inventory.yml');
const { text, resources, holdings } = generateState(targetBytes);
writeFileSync(statePath, text);
const mb = statSync(statePath).size / 1024 / 1024;

let best: { wall: number; cpu: number; rss: number } | undefined;
for (let i = 0; i < Number(values.runs); i++) {
  const res = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', process.execPath, BIN, 'import', 'terraform', statePath, '-o', outPath], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (res.status !== 0) {
    process.stderr.write(res.stderr);
    process.exit(1);
  }
  const [wall, rss, user, sys] = res.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  const run = { wall: wall!, cpu: user! + sys!, rss: Math.round(rss! / 1024) };
  if (!best || run.wall < best.wall) best = run;
}
const out = statSync(outPath).size / 1024 / 1024;
const load = loadavg()[0]!.toFixed(1);
const line =
  `terraform import: ${mb.toFixed(1)} MB state, ${resources.toLocaleString('en-US')} resources (${holdings.toLocaleString('en-US')} holding data) → ${out.toFixed(1)} MB inventory: ` +
  `${best!.wall.toFixed(2)} s wall (${best!.cpu.toFixed(2)} s CPU), ${best!.rss} MB peak RSS (best of ${values.runs}; target < 5 s, < 1024 MB; load ${load})\n`;
if (values.update) {
  const verdict = (ok: boolean) => (ok ? 'met' : '**not met**');
  replaceSection(
    values.update,
    SECTION,
    [
      SECTION,
      '',
      `\`npx tsx bench/terraform-import.ts --mb ${values.mb} --runs ${values.runs}\` (run by \`npm run bench\`) generates a \`terraform show -json\` state — per module: ` +
        '8 buckets with versioning resources, 3 RDS instances, a backup vault, plan and tag selection, and 80 resources bcaudit ignores (IAM policies, ' +
        'instances with user data) — and times `bcaudit import terraform` end to end under GNU time (the built CLI: read, map, write the draft, ' +
        `validate it before writing); best of ${values.runs} by wall time. Targets: < 5 s and < 1 GB.`,
      '',
      '| state | resources (holding data) | draft | wall | CPU (user+sys) | peak RSS | load (1 min) |',
      '|---|---|---|---:|---:|---:|---:|',
      `| ${mb.toFixed(1)} MB | ${resources.toLocaleString('en-US')} (${holdings.toLocaleString('en-US')}) | ${out.toFixed(1)} MB YAML | ${best!.wall.toFixed(2)} s | ${best!.cpu.toFixed(2)} s | ${best!.rss} MB | ${load} |`,
      '',
      `Time: ${verdict(best!.wall < 5)}; memory: ${verdict(best!.rss < 1024)}.`,
      '',
    ].join('\n'),
  );
  process.stderr.write(line);
} else process.stdout.write(line);
if (!values.keep) rmSync(statePath);
