// `bcaudit schema [inventory|policy]`: print a JSON Schema, for editors and other tools.
import { Argument, Command } from 'commander';
import { inventorySchema } from '../inventory/load.js';
import { policySchema } from '../policy/schema.js';
import type { CommandContext } from './context.js';

const SCHEMAS: Record<string, () => object> = {
  inventory: () => inventorySchema,
  policy: () => policySchema,
};

export function schemaCommand(ctx: CommandContext): Command {
  return new Command('schema')
    .description('print the JSON Schema of inventories (or of policies)')
    .addArgument(new Argument('[which]', 'which schema').choices(Object.keys(SCHEMAS)).default('inventory'))
    .action((which: string) => {
      ctx.io.stdout(`${JSON.stringify(SCHEMAS[which]!(), null, 2)}\n`);
    });
}
