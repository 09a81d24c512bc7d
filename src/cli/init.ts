// `bcaudit init [file]`: write a commented starter inventory; never overwrite an existing file.
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import type { CommandContext } from './context.js';
import { UsageError } from './errors.js';
import { parseInventory } from '../inventory/load.js';
import { failsRun } from '../policy/gate.js';
import { fileErrorReason } from './io.js';
import { loadPolicy } from './policyFiles.js';

/** The inventory schema of this package, from src/cli or dist/cli alike. */
const SCHEMA_PATH = fileURLToPath(new URL('../../schema/inventory.schema.json', import.meta.url));

export function initCommand(ctx: CommandContext): Command {
  return new Command('init')
    .description('write a commented starter inventory to edit (refuses to overwrite a file)')
    .argument('[file]', 'where to write it', 'inventory.yml')
    .addHelpText(
      'after',
      `
The starter describes an example setup with the gaps most first inventories have, and init
lists the findings \`bcaudit check\` reports on it as written: your starting to-do list.
init itself exits 0; check exits 1 on the starter until those findings are fixed (or waived)
in your own setup.`,
    )
    .action(async (file: string) => {
      const text = starterInventory(schemaReference(file));
      try {
        ctx.io.createFileAtomic(file, text);
      } catch (error) {
        if ((error as NodeJS.ErrnoException)?.code === 'EEXIST') {
          throw new UsageError(`${file} already exists; bcaudit init does not overwrite files: remove it or name another file`);
        }
        throw new UsageError(`cannot write ${file}: ${fileErrorReason(error)}`);
      }
      ctx.io.stdout(`Wrote ${file}: an example setup to replace with your own.\n${await starterToDo(ctx, text, file)}`);
    });
}

/**
 * What \`check\` says of the starter as written, so its failing exit is expected rather than a
 * surprise: the findings that fail the default gate, as the first to-do list.
 */
async function starterToDo(ctx: CommandContext, text: string, file: string): Promise<string> {
  const loaded = parseInventory(text, file);
  if (!loaded.ok) throw new Error(`the starter inventory does not load: ${loaded.problems.map((p) => p.message).join('; ')}`);
  const { audit } = await import('../audit.js');
  const result = audit(loaded.inventory, {
    maxOrder: 3,
    policy: await loadPolicy(ctx, 'baseline'),
    now: ctx.io.today(),
    waivers: [],
    riskGroupBudgets: ctx.limits.riskGroups,
    maxBddNodes: ctx.limits.maxBddNodes,
  });
  const failing = result.findings.filter((f) => failsRun(f, 'high'));
  const next = `Describe your setup in it, then run: bcaudit check ${file}\n`;
  if (failing.length === 0) return next;
  const count = `${failing.length} finding${failing.length === 1 ? '' : 's'}`;
  return [
    `As written, it has ${count} at or above high, so \`bcaudit check ${file}\` exits 1 until they are fixed or waived.`,
    'That is intended: they are the gaps most first inventories have, and your starting to-do list:',
    ...failing.map((f) => `  ${f.severity.toUpperCase().padEnd(8)} ${f.id}`),
    next,
  ].join('\n');
}

/** The schema as the editor must find it from the new file: a relative path when there is one. */
export function schemaReference(file: string): string {
  const path = relative(dirname(resolve(file)), SCHEMA_PATH);
  return path === '' || resolve(path) === path ? SCHEMA_PATH : path.split(sep).join('/');
}

export function starterInventory(schema: string): string {
  return `# yaml-language-server: $schema=${schema}
#
# A bcaudit inventory: the data that matters, where its copies live, and everything both
# depend on (providers, accounts, people, payment, keys, services). Replace the example
# below with your own setup, then run \`bcaudit check <this file>\`. \`bcaudit explain\`
# lists what is checked.
#
# Every section is a map keyed by id: lowercase letters, digits, '.', '_' and '-', unique
# across the whole file, so a reference names just the id. Durations: 30m, 6h, 1d, 2w, 90d, 1y.
version: 1
name: My production data

providers:                     # companies whose outage or decision can take things away
  aws: { kind: cloud }         # cloud | hosting | saas | storage | colo | self
  backblaze: { kind: storage }

accounts:                      # a contract or login at a provider; suspending it takes everything in it
  prod:
    provider: aws
    billing: company-card      # a failed payment suspends the account
    admins: [alice, bob]       # access is lost only when all of them are lost
    # login: sso               # a service (identity-provider) the admins log in through
    # parent: org              # an organization's management account: its admins can act here too,
    # parent_access: none      # unless this account keeps them out
  backup:
    provider: backblaze
    billing: backup-invoice    # another payment method than production's
    admins: [carol, dave]      # people who cannot delete production, and vice versa

identities:                    # people and machine credentials: person | machine | break-glass
  alice: { kind: person }
  bob: { kind: person }
  carol: { kind: person }
  dave: { kind: person }

billing:                       # card | invoice | prepaid
  company-card: { kind: card }
  backup-invoice: { kind: invoice }

# services:                    # identity-provider | monitoring | dns | status-page | communication | vendor
#   status: { kind: status-page, provider: some-provider }

keys:                          # a copy is unreadable without its key
  backup-key:
    held_by: [carol, dave]     # kept offline by these people (or account: <id> for a cloud KMS)

stores:                        # the data that matters: the primary copy
  main-db:
    kind: database             # database | bucket | filesystem | mailbox | vm | saas | other
    account: prod
    region: eu-central-1
    criticality: critical      # critical | high | medium | low
    rpo: 24h                   # the most data you accept to lose
    # rto: 8h                  # the longest you can be without it (restore.takes of the backups)
    owner: alice               # who answers for it
    # depends_on: [status]     # anything else it cannot run without

targets:                       # where backup copies live
  offsite-bucket:
    kind: object-storage       # object-storage | ssh | snapshots | nas | tape | saas | database | vm
    account: backup
    region: eu-central-003
    immutable: compliance      # none | governance | compliance | offline
    owner: carol
    # verify:                  # lets \`bcaudit verify\` check that fresh copies arrive
    #   s3: { bucket: my-backups, region: eu-central-003, endpoint: https://s3.eu-central-003.backblazeb2.com }

backups:                       # one copy of a store's data at a target
  main-db-offsite:
    of: main-db
    to: offsite-bucket
    mode: backup               # backup (point in time) | replica (mirrors deletes and corruption)
    every: 24h
    keep: 30d
    encryption: backup-key
    restore:
      # last_tested: 2026-01-31  # the date of the last restore that worked
      # takes: 4h              # how long that full restore took
      requires: []             # what must be up to restore, e.g. a vendor's service

# waivers:                     # accepted risks, each with an owner, a reason and an expiry
#   - finding: restore-untested/main-db/main-db-offsite
#     owner: alice
#     reason: the first restore test is planned for next month
#     granted: 2026-01-15
#     expires: 2026-03-31
#     renewals: 0
`;
}
