// A realistic inventory of a small SaaS company, with as many data sets as asked for: an AWS
// organization with production and staging, a Hetzner box, a Backblaze B2 backup account, Google
// Workspace and GitHub, one office NAS. One person administers most accounts through the AWS
// organization and directly, one company card pays most of them: the shape of issue 15's "20-person
// SaaS", scaled. Deterministic: the same count gives the same YAML. Used by the diagram tests and
// by scripts/report-screenshots.ts.
import { stringify } from 'yaml';

/** What each data set is, by position (cycled; ids get a number once the list is used up). */
const KINDS = [
  { id: 'orders-db', kind: 'database', account: 'aws-prod', region: 'eu-central-1', criticality: 'critical', backups: ['aws-snapshots', 'b2-backups'] },
  { id: 'uploads', kind: 'bucket', account: 'aws-prod', region: 'eu-central-1', criticality: 'high', backups: ['s3-replica'] },
  { id: 'billing-db', kind: 'database', account: 'aws-prod', region: 'eu-central-1', criticality: 'critical', backups: ['aws-snapshots', 'storagebox'] },
  { id: 'wiki', kind: 'vm', account: 'hetzner-main', region: 'fsn1', criticality: 'medium', backups: ['storagebox'] },
  { id: 'mail', kind: 'mailbox', account: 'google-workspace', criticality: 'high', backups: [] },
  { id: 'source', kind: 'saas', account: 'github-org', criticality: 'critical', backups: ['office-nas'] },
  { id: 'analytics', kind: 'database', account: 'aws-staging', region: 'eu-west-1', criticality: 'low', backups: ['aws-snapshots'] },
  { id: 'docs', kind: 'saas', account: 'google-workspace', criticality: 'medium', backups: ['b2-backups'] },
  { id: 'search-index', kind: 'vm', account: 'hetzner-main', region: 'fsn1', criticality: 'low', backups: [] },
  { id: 'ledger', kind: 'database', account: 'aws-prod', region: 'eu-central-1', criticality: 'critical', backups: ['b2-backups', 'office-nas'] },
] as const;

const TARGETS = {
  'aws-snapshots': { kind: 'snapshots', account: 'aws-prod', region: 'eu-central-1', media: 'snapshot', immutable: 'none' },
  's3-replica': { kind: 'object-storage', account: 'aws-prod', region: 'eu-west-1', media: 'object', immutable: 'none' },
  'b2-backups': { kind: 'object-storage', account: 'b2-account', region: 'eu-central-003', media: 'object', immutable: 'governance' },
  storagebox: { kind: 'ssh', account: 'hetzner-main', region: 'hel1', media: 'disk', immutable: 'none' },
  'office-nas': { kind: 'nas', provider: 'office', site: 'berlin-office', media: 'disk', immutable: 'none', admins: ['marta', 'jonas'] },
} as const;

/** The YAML of the inventory with `dataSets` data sets (at least 1). */
export function saasInventoryYaml(dataSets: number): string {
  const stores: Record<string, object> = {};
  const backups: Record<string, object> = {};
  const targetsUsed = new Set<string>();
  for (let i = 0; i < dataSets; i++) {
    const template = KINDS[i % KINDS.length]!;
    const round = Math.floor(i / KINDS.length);
    const id = round === 0 ? template.id : `${template.id}-${round + 1}`;
    stores[id] = {
      kind: template.kind,
      account: template.account,
      ...('region' in template ? { region: template.region } : {}),
      criticality: template.criticality,
      rpo: '24h',
      owner: 'marta',
    };
    for (const to of template.backups) {
      targetsUsed.add(to);
      backups[`${id}-to-${to}`] = {
        of: id,
        to,
        mode: to === 's3-replica' ? 'replica' : 'backup',
        every: to === 's3-replica' ? '1h' : '24h',
        keep: '30d',
        ...(to === 'b2-backups' ? { encryption: 'backup-key' } : {}),
      };
    }
  }
  const targets = Object.fromEntries(Object.entries(TARGETS).filter(([id]) => targetsUsed.has(id)));
  const doc = {
    version: 1,
    name: `Small SaaS company, ${dataSets} data sets`,
    providers: {
      aws: { kind: 'cloud' },
      hetzner: { kind: 'hosting' },
      backblaze: { kind: 'storage' },
      google: { kind: 'saas' },
      github: { kind: 'saas' },
      office: { kind: 'self' },
    },
    accounts: {
      'aws-org': { provider: 'aws', billing: 'company-card', admins: ['marta'] },
      'aws-prod': { provider: 'aws', parent: 'aws-org', billing: 'company-card', admins: ['deploy-bot'], login: 'google-sso' },
      'aws-staging': { provider: 'aws', parent: 'aws-org', billing: 'company-card', admins: ['jonas'] },
      'hetzner-main': { provider: 'hetzner', billing: 'company-card', admins: ['marta'] },
      'b2-account': { provider: 'backblaze', billing: 'company-card', admins: ['marta', 'jonas'] },
      'google-workspace': { provider: 'google', billing: 'google-invoice', admins: ['marta', 'lea'] },
      'github-org': { provider: 'github', billing: 'company-card', admins: ['marta'] },
    },
    identities: {
      marta: { kind: 'person' },
      jonas: { kind: 'person' },
      lea: { kind: 'person' },
      'deploy-bot': { kind: 'machine' },
    },
    billing: {
      'company-card': { kind: 'card' },
      'google-invoice': { kind: 'invoice' },
    },
    services: {
      'google-sso': { kind: 'identity-provider', provider: 'google', account: 'google-workspace' },
    },
    keys: {
      'backup-key': { held_by: ['marta'] },
    },
    stores,
    targets,
    backups,
  };
  return stringify(doc, { lineWidth: 0 });
}
