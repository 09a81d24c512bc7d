// `bcaudit import terraform FILE...`: a draft inventory from Terraform plans and states, written
// whole or merged into the user's inventory; never a partial file.
import { Command, InvalidArgumentError } from 'commander';
import { escapeControls } from '../inventory/problem.js';
import { parseInventory } from '../inventory/load.js';
import type { CommandContext } from './context.js';
import { InputProblems } from './errors.js';
import { schemaReference } from './init.js';
import { readText } from './inputFiles.js';
import { readTerraformFiles, TERRAFORM_SIZE_FACTOR } from './terraformFiles.js';
import { emit } from './output.js';

interface ImportOptions {
  output?: string;
  merge?: string;
  account: Record<string, string>;
}

const ID = /^[a-z0-9][a-z0-9._-]*$/;

/** `--account KEY=ID`, repeatable: a provider configuration key or account id, and the inventory id to give it. */
function parseAccount(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const eq = value.indexOf('=');
  const key = eq < 0 ? '' : value.slice(0, eq).trim();
  const id = eq < 0 ? '' : value.slice(eq + 1).trim();
  if (key === '' || id === '') throw new InvalidArgumentError('expected KEY=ID: a provider configuration key (aws, aws.backup, module.x:aws) or an account id, and the inventory id to give that account');
  if (!ID.test(id)) throw new InvalidArgumentError(`'${id}' is not an inventory id: lowercase letters, digits, '.', '_' and '-', starting with a letter or digit`);
  return { ...previous, [key]: id };
}

export function importCommand(ctx: CommandContext): Command {
  const terraform = new Command('terraform')
    .description('write a draft inventory from `terraform show -json` of plans or states, or terraform.tfstate files (OpenTofu alike)')
    .argument('<files...>', `Terraform JSON files: several at once for several accounts or workspaces (each up to ${TERRAFORM_SIZE_FACTOR} × --max-input-bytes)`)
    .option('-o, --output <file>', 'write the inventory to this file (atomically) instead of standard output')
    .option('--merge <inventory>', 'add what is new to this inventory, keeping everything in it; written back to it unless -o is given')
    .option('--account <key=id>', 'name an account: a provider configuration key (aws.backup, module.x:aws) or an account id, = the inventory id (repeatable)', parseAccount, {})
    .addHelpText(
      'after',
      `
Accounts come from what the files prove (account ids in ARNs, data.aws_caller_identity, a provider's
assume_role role ARN in a plan, GCP projects, Azure subscriptions); otherwise each provider
configuration's resources are grouped under one account marked as assumed. What Terraform cannot
know (admins, billing, criticality, owner, rpo, restore tests) is a marked placeholder that
\`bcaudit check\` judges pessimistically.

Examples:
  terraform show -json plan.out > plan.json
  bcaudit import terraform plan.json -o inventory.yml
  bcaudit import terraform prod.json backup.json --account aws.backup=backup-account -o inventory.yml
  bcaudit import terraform plan.json --merge inventory.yml`,
    )
    .action(async (files: string[], options: ImportOptions) => {
      const reading = await readTerraformFiles(ctx, files, 'nothing was written');
      const { draftInventory } = await import('../import/terraform/inventory.js');
      const drafted = draftInventory(reading, { accounts: options.account });
      const destination = options.output ?? options.merge;
      let text: string;
      let report: string[] = [];
      if (options.merge !== undefined) {
        const userText = readText(ctx, options.merge, 'inventory');
        const current = parseInventory(userText, options.merge);
        if (!current.ok) throw new InputProblems(current.problems);
        const { mergeDraft } = await import('../import/terraform/merge.js');
        const merged = mergeDraft(userText, options.merge, drafted.draft);
        text = merged.text;
        report = [
          merged.added.length === 0 ? `nothing new for ${options.merge}` : `added ${merged.added.length} entr${merged.added.length === 1 ? 'y' : 'ies'} to ${options.merge}: ${merged.added.map((a) => `${a.section}.${a.id}`).join(', ')}`,
          ...merged.differences.map((d) => `differs: ${d}`),
        ];
      } else {
        const { renderDraft } = await import('../import/terraform/render.js');
        text = renderDraft(drafted.draft, reading.sources, schemaReference(destination ?? 'inventory.yml'));
      }
      // What is written must load: a draft that does not is a bug, and is never written.
      const check = parseInventory(text, destination ?? '<draft>');
      if (!check.ok) throw new Error(`the draft inventory does not validate: ${check.problems[0]?.message ?? ''}`);
      emit(ctx.io, text, destination);
      for (const warning of drafted.warnings) ctx.io.stderr(`bcaudit: warning: ${escapeControls(warning)}\n`);
      for (const line of report) ctx.io.stderr(`bcaudit: ${escapeControls(line)}\n`);
      ctx.io.stderr(`bcaudit: ${escapeControls(drafted.summary)}${destination ? `; wrote ${escapeControls(destination)}` : ''}\n`);
    });
  // Commander handles errors of a nested command itself unless told to throw, as main does for the others.
  terraform.exitOverride().configureOutput({ writeOut: (s) => ctx.io.stdout(s), writeErr: (s) => ctx.io.stderr(s) }).showHelpAfterError('(run with --help for usage)');
  return new Command('import').description('draft an inventory from infrastructure code').addCommand(terraform);
}
