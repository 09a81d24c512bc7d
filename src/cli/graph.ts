// `bcaudit graph <inventory>`: the fault graph for other tools.
import { Command, Option } from 'commander';
import { buildFaultGraph } from '../model/build.js';
import { BUILTIN_POLICIES, DEFAULT_POLICY } from '../policy/builtin.js';
import { GRAPH_FORMAT_NAMES, type GraphFormat } from '../report/formatNames.js';
import type { CommandContext } from './context.js';
import { loadInventoryFile } from './loadInventoryFile.js';
import { emit } from './output.js';
import { loadPolicy } from './policyFiles.js';

export function graphCommand(ctx: CommandContext): Command {
  return new Command('graph')
    .description('export the fault graph (JSON, Open-PSA MEF XML for SCRAM, Graphviz DOT) or, as Mermaid, where the copies live')
    .argument('<inventory>', 'inventory YAML file')
    .addOption(new Option('-f, --format <format>', 'output format').choices(GRAPH_FORMAT_NAMES).default('json'))
    .option('-o, --output <file>', 'write to a file (atomically) instead of standard output')
    .option('--policy <name|file>', `whose likelihoods the MEF export carries as probabilities (${BUILTIN_POLICIES.join(', ')}, or a file)`, DEFAULT_POLICY)
    .action(async (file: string, options: { format: GraphFormat; output?: string; policy: string }) => {
      const inventory = loadInventoryFile(ctx, file);
      const graph = buildFaultGraph(inventory);
      const { GRAPH_FORMATS } = await import('../report/graphFormats.js');
      let probabilities;
      if (options.format === 'mef') {
        const policy = await loadPolicy(ctx, options.policy);
        if (policy.likelihood) {
          const { eventLikelihoods } = await import('../model/likelihood.js');
          probabilities = { policy: policy.name, eventProbability: eventLikelihoods(graph, inventory, policy.likelihood) };
        }
      }
      emit(ctx.io, GRAPH_FORMATS[options.format](graph, inventory, probabilities), options.output);
    });
}
