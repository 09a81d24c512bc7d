// `bcaudit simulate <inventory> --fail EVENT [--fail ...]`: what these failures lose. Informational:
// exit 0 whatever is lost; 2 when the inventory or a named failure is wrong.
import { Command, Option } from 'commander';
import { buildFaultGraph } from '../model/build.js';
import { colorLevel } from '../report/colors.js';
import { plain } from '../report/sanitize.js';
import { SIMULATION_FORMAT_NAMES, type SimulationFormat } from '../report/formatNames.js';
import type { CommandContext } from './context.js';
import { UsageError } from './errors.js';
import { loadInventoryFile } from './loadInventoryFile.js';
import { emit } from './output.js';

interface SimulateOptions {
  fail?: string[];
  format: SimulationFormat;
  output?: string;
}

/** --fail repeats; a value is taken whole (region and site names are free text and may hold commas). */
const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

export function simulateCommand(ctx: CommandContext): Command {
  return new Command('simulate')
    .description('show which data sets are lost, degraded or untouched if the given things fail')
    .argument('<inventory>', 'inventory YAML file')
    .option(
      '--fail <event>',
      'a failure: an event id (account:do-main, identity:founder:compromised) or an entity id (do-main); repeatable',
      collect,
    )
    .addOption(new Option('-f, --format <format>', 'output format').choices(SIMULATION_FORMAT_NAMES).default('text'))
    .option('-o, --output <file>', 'write to a file (atomically) instead of standard output')
    .action(async (file: string, options: SimulateOptions) => {
      const { knownEvents, resolveEvent, simulate } = await import('../model/simulate.js');
      const { SIMULATION_FORMATS } = await import('../report/simulation.js');
      const names = options.fail ?? [];
      if (names.length === 0) throw new UsageError('simulate needs at least one --fail <event> (for example --fail account:do-main)');
      const inventory = loadInventoryFile(ctx, file);
      const graph = buildFaultGraph(inventory);
      const known = knownEvents(graph, inventory);
      const failed: string[] = [];
      const problems: string[] = [];
      for (const name of names) {
        const resolved = resolveEvent(name, known, inventory);
        if (resolved.ok) failed.push(resolved.event);
        else if (resolved.reason === 'ambiguous') {
          problems.push(`'${plain(name)}' is ambiguous; name one of: ${resolved.candidates.join(', ')}`);
        } else {
          const close = resolved.suggestions.length > 0 ? `; close matches: ${resolved.suggestions.join(', ')}` : '';
          problems.push(`'${plain(name)}' is not a failure in ${file}${close}`);
        }
      }
      if (problems.length > 0) throw new UsageError(problems.join('\nbcaudit: '));
      const simulation = simulate(graph, failed);
      const color = options.output === undefined && options.format === 'text' ? colorLevel(ctx.io.env, ctx.io.stdoutIsTTY) : 0;
      emit(ctx.io, SIMULATION_FORMATS[options.format]({ simulation, graph, inventory, color }), options.output);
    });
}
