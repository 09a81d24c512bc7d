// `bcaudit report <inventory>`: the management report, Markdown for people who decide.
import { Command } from 'commander';
import { BUILTIN_POLICIES, DEFAULT_POLICY } from '../policy/builtin.js';
import type { CommandContext } from './context.js';
import { loadInventoryFile } from './loadInventoryFile.js';
import { loadObservations } from './observationsFile.js';
import { parseDate, parseMaxOrder } from './options.js';
import { emit } from './output.js';
import { loadPolicy, loadWaivers } from './policyFiles.js';

interface ReportOptions {
  output?: string;
  maxOrder: number;
  now?: string;
  observations?: string;
  policy: string;
  waivers?: string;
}

export function reportCommand(ctx: CommandContext): Command {
  return new Command('report')
    .description('write the management report: verdict, data sets, top risks, where copies live, what to fix first')
    .argument('<inventory>', 'inventory YAML file')
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of standard output')
    .option('--max-order <n>', 'largest combination of failures to look for (1-5)', parseMaxOrder, 3)
    .option('--now <date>', 'make the report as of this date (YYYY-MM-DD); the default is today', parseDate)
    .option('--policy <name|file>', `built-in policy (${BUILTIN_POLICIES.join(', ')}) or a policy file`, DEFAULT_POLICY)
    .option('--waivers <file>', "YAML list of waivers, applied with the inventory's own")
    .option('--observations <file>', 'include what `bcaudit verify --observations-out` saw in the live systems')
    .action(async (file: string, options: ReportOptions) => {
      const inventory = loadInventoryFile(ctx, file);
      const loaded = options.observations === undefined ? undefined : await loadObservations(ctx, options.observations);
      const policy = await loadPolicy(ctx, options.policy);
      const waivers = options.waivers === undefined ? [] : loadWaivers(ctx, options.waivers);
      const now = options.now ?? ctx.io.today();
      const observed = loaded?.findingsFor(inventory) ?? [];
      const { audit } = await import('../audit.js');
      const result = audit(inventory, { maxOrder: options.maxOrder, policy, now, waivers, observed, riskGroupBudgets: ctx.limits.riskGroups, maxBddNodes: ctx.limits.maxBddNodes });
      const { formatManagementReport } = await import('../report/managementReport.js');
      const text = formatManagementReport({
        result,
        now,
        policyName: policy.name,
        toolVersion: ctx.version,
        ...(loaded === undefined ? {} : { observations: loaded.observations }),
      });
      emit(ctx.io, text, options.output);
    });
}
