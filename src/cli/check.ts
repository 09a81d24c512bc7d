// `bcaudit check <inventory...>`: analyse, report, and exit 0/1 by --fail-on.
import { Command, Option } from 'commander';
import type { AuditResult } from '../audit.js';
import type { Inventory } from '../inventory/types.js';
import { applyBaseline, parseBaseline, writeBaseline, type BaselineComparison } from '../policy/baseline.js';
import { exitCodeFor } from '../policy/gate.js';
import { BUILTIN_POLICIES, DEFAULT_POLICY } from '../policy/builtin.js';
import { colorLevel } from '../report/colors.js';
import { CHECK_FORMATS, checkReportPieces, type CheckFormat } from '../report/index.js';
import type { Pieces } from '../report/pieces.js';
import type { FailOn } from '../report/types.js';
import { SEVERITIES } from '../rules/types.js';
import { baselineLocator } from './baselineAnchor.js';
import type { CommandContext } from './context.js';
import { InputProblems } from './errors.js';
import { expandInventoryArguments } from './inventoryFiles.js';
import { loadInventoryFile } from './loadInventoryFile.js';
import { loadObservations } from './observationsFile.js';
import { parseDate, parseMaxOrder, parsePositiveInt } from './options.js';
import { emit, emitPieces } from './output.js';
import { readText } from './inputFiles.js';
import { plain } from '../report/sanitize.js';
import { loadTerraformFacts } from './terraformFiles.js';
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
  baseline?: string;
  writeBaseline?: string;
  showBaselined?: boolean;
  observations?: string;
  terraform?: string[];
}

export function checkCommand(ctx: CommandContext): Command {
  return new Command('check')
    .description('find every set of failures that loses a data set, and check it against the policy')
    .argument('<inventories...>', "inventory YAML files, or directories of them (every *.yml and *.yaml inside with a top-level 'version:')")
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
    .option('--waivers <file>', "YAML list of waivers, applied with the inventory's own")
    .option('--baseline <file>', 'only findings not in this baseline count for the exit code; fixed ones are reported')
    .option('--show-baselined', 'with --baseline: list the findings the baseline holds in full, not as one line')
    .option(
      '--write-baseline <file>',
      "record this run's findings as the baseline (written atomically), say so, and exit 0: accepting today's findings is the point",
    )
    .option('--observations <file>', 'also judge what `bcaudit verify --observations-out` saw in the live systems')
    .option(
      '--terraform <files...>',
      'also check coverage against Terraform JSON (`terraform show -json` of a plan or state, or terraform.tfstate): resources with data no entry claims, addresses that are gone (give it after the inventories)',
    )
    .action(async (args: string[], options: CheckOptions) => {
      const files = expandInventoryArguments(ctx.io, args);
      const inventories = loadAll(ctx, files);
      const policy = await loadPolicy(ctx, options.policy);
      const waivers = options.waivers === undefined ? [] : loadWaivers(ctx, options.waivers);
      const now = options.now ?? ctx.io.today();
      const observations = options.observations === undefined ? undefined : await loadObservations(ctx, options.observations);
      const terraform = options.terraform === undefined ? undefined : await loadTerraformFacts(ctx, options.terraform);
      // Loaded here, not at start-up: the analysis (decision diagrams included) is for this command only.
      const { audit } = await import('../audit.js');
      let results: AuditResult[] = inventories.map((inventory, i) =>
        audit(inventory, {
          maxOrder: options.maxOrder,
          policy,
          now,
          waivers,
          observed: observations?.findingsFor(inventory) ?? [],
          // Several inventories share the files: what any of them claims is covered, and the first reports the rest.
          ...(terraform ? { terraform: { facts: terraform, others: inventories.filter((other) => other !== inventory), reportsUnlisted: i === 0 } } : {}),
          riskGroupBudgets: ctx.limits.riskGroups,
          maxBddNodes: ctx.limits.maxBddNodes,
        }),
      );

      let baseline: BaselineComparison | undefined;
      if (options.baseline !== undefined) {
        const parsed = parseBaseline(readText(ctx, options.baseline, 'baseline'), options.baseline);
        if (!parsed.ok) throw new InputProblems(parsed.problems);
        ({ results, comparison: baseline } = applyBaseline(results, parsed.entries, options.baseline, baselineLocator(ctx.io, options.baseline)));
      }
      if (options.writeBaseline !== undefined) {
        emit(ctx.io, writeBaseline(results, ctx.version, baselineLocator(ctx.io, options.writeBaseline)), options.writeBaseline);
        const recorded = results.reduce((n, r) => n + r.findings.filter((f) => f.suppression?.kind !== 'waiver').length, 0);
        const note = `bcaudit: wrote ${plain(options.writeBaseline)} with ${recorded} finding${recorded === 1 ? '' : 's'}; runs with --baseline ${plain(options.writeBaseline)} fail only on new ones.\n`;
        // The report still goes out as usual; the note goes to standard error so pipes stay clean.
        await emitPieces(ctx.io, formatResults(results, options, policy.name, now, ctx, baseline), options.output);
        ctx.io.stderr(note);
        ctx.exitCode = 0;
        return;
      }

      await emitPieces(ctx.io, formatResults(results, options, policy.name, now, ctx, baseline), options.output);
      ctx.exitCode = exitCodeFor(
        results.flatMap((r) => r.findings),
        options.failOn,
      );
    });
}

function formatResults(
  results: AuditResult[],
  options: CheckOptions,
  policyName: string,
  now: string,
  ctx: CommandContext,
  baseline: BaselineComparison | undefined,
): Pieces {
  const color = options.output === undefined && options.format === 'text' ? colorLevel(ctx.io.env, ctx.io.stdoutIsTTY) : 0;
  return checkReportPieces(options.format, {
    results,
    failOn: options.failOn,
    ...(options.top === undefined ? {} : { top: options.top }),
    color,
    policyName,
    now,
    toolVersion: ctx.version,
    cwd: ctx.io.cwd(),
    ...(baseline ? { baseline } : {}),
    ...(options.showBaselined ? { showBaselined: true } : {}),
  });
}

/** Loads every inventory, reporting the problems of all of them before giving up. */
function loadAll(ctx: CommandContext, files: readonly string[]): Inventory[] {
  const inventories: Inventory[] = [];
  const problems: InputProblems['problems'] = [];
  for (const file of files) {
    try {
      inventories.push(loadInventoryFile(ctx, file));
    } catch (error) {
      if (!(error instanceof InputProblems)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new InputProblems(problems);
  return inventories;
}
