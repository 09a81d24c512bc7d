// `bcaudit check <inventory>`: analyse, report, and exit 0/1 by --fail-on.
import { Command, Option } from 'commander';
import { audit } from '../audit.js';
import { exitCodeFor } from '../policy/gate.js';
import { BUILTIN_POLICIES, DEFAULT_POLICY } from '../policy/builtin.js';
import { colorLevel } from '../report/colors.js';
import { CHECK_FORMATS, type CheckFormat } from '../report/index.js';
import type { FailOn } from '../report/types.js';
import { SEVERITIES } from '../rules/types.js';
import type { CommandContext } from './context.js';
import { loadInventoryFile } from './loadInventoryFile.js';
import { parseDate, parseMaxOrder, parsePositiveInt } from './options.js';
import { emit } from './output.js';
import { loadPolicy, loadWaivers } from './policyFiles.js';

interface CheckOptions {
  format: CheckFormat;
  output?: string;
  failOn: FailOn;
  maxOrder: number;
  top?: number;
  now?: string;
  policy: string;
  waivers?: string;
}

export function checkCommand(ctx: CommandContext): Command {
  return new Command('check')
    .description('find every set of failures that loses a data set, and check it against the policy')
    .argument('<inventory>', 'inventory YAML file')
    .addOption(new Option('-f, --format <format>', 'output format').choices(Object.keys(CHECK_FORMATS)).default('text'))
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of standard output')
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity')
        .choices([...SEVERITIES, 'never'])
        .default('high'),
    )
    .option('--max-order <n>', 'largest risk group to compute (1-5)', parseMaxOrder, 3)
    .option('--top <n>', 'list at most this many risk groups per data set', parsePositiveInt)
    .option('--now <date>', 'evaluate time-based rules and waivers as of this date (YYYY-MM-DD; default: today)', parseDate)
    .option('--policy <name|file>', `built-in policy (${BUILTIN_POLICIES.join(', ')}) or a policy file`, DEFAULT_POLICY)
    .option('--waivers <file>', 'YAML list of waivers, applied with the inventory\'s own')
    .action((file: string, options: CheckOptions) => {
      const inventory = loadInventoryFile(ctx.io, file);
      const policy = loadPolicy(ctx.io, options.policy);
      const waivers = options.waivers === undefined ? [] : loadWaivers(ctx.io, options.waivers);
      const now = options.now ?? ctx.io.today();
      const result = audit(inventory, { maxOrder: options.maxOrder, policy, now, waivers });
      const color = options.output === undefined ? colorLevel(ctx.io.env, ctx.io.stdoutIsTTY) : 0;
      const text = CHECK_FORMATS[options.format]({
        result,
        failOn: options.failOn,
        ...(options.top === undefined ? {} : { top: options.top }),
        color: options.format === 'text' ? color : 0,
        policyName: policy.name,
        now,
        toolVersion: ctx.version,
      });
      emit(ctx.io, text, options.output);
      ctx.exitCode = exitCodeFor(result.findings, options.failOn);
    });
}
