// `bcaudit graph <inventory>`: the fault graph for other tools.
import { Command, Option } from 'commander';
import { buildFaultGraph } from '../model/build.js';
import { GRAPH_FORMATS, type GraphFormat } from '../report/graphFormats.js';
import type { CommandContext } from './context.js';
import { loadInventoryFile } from './loadInventoryFile.js';
import { emit } from './output.js';

export function graphCommand(ctx: CommandContext): Command {
  return new Command('graph')
    .description('export the fault graph: JSON, Open-PSA MEF XML (SCRAM), Mermaid or Graphviz DOT')
    .argument('<inventory>', 'inventory YAML file')
    .addOption(new Option('-f, --format <format>', 'output format').choices(Object.keys(GRAPH_FORMATS)).default('json'))
    .option('-o, --output <file>', 'write to a file (atomically) instead of standard output')
    .action((file: string, options: { format: GraphFormat; output?: string }) => {
      const inventory = loadInventoryFile(ctx.io, file);
      const graph = buildFaultGraph(inventory);
      emit(ctx.io, GRAPH_FORMATS[options.format](graph, inventory), options.output);
    });
}
