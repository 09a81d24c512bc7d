// The CLI: parse the command line, run one command, return the exit code. Never throws.
import { Command, CommanderError } from 'commander';
import { escapeControls, formatProblem } from '../inventory/problem.js';
import { RiskGroupLimitError } from '../model/riskGroups.js';
import { checkCommand } from './check.js';
import type { CommandContext } from './context.js';
import { EXIT, InputProblems, UsageError } from './errors.js';
import { explainCommand } from './explain.js';
import { graphCommand } from './graph.js';
import { importCommand } from './import.js';
import { initCommand } from './init.js';
import { addLimitOptions, DEFAULT_CLI_LIMITS, resolveLimits } from './limits.js';
import { nodeIo, type Io } from './io.js';
import { reportCommand } from './report.js';
import { schemaCommand } from './schema.js';
import { simulateCommand } from './simulate.js';
import { verifyCommand } from './verify.js';
import { VERSION } from './version.js';

export async function main(argv: readonly string[], io: Io = nodeIo()): Promise<number> {
  const ctx: CommandContext = { io, version: VERSION, exitCode: EXIT.ok, limits: DEFAULT_CLI_LIMITS };
  const program = new Command('bcaudit')
    .description('Audit backup independence: which failures lose each data set, and every single point of failure.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(escapeLines(s)) })
    .exitOverride();
  // Limits are program options: accepted before or after the command, shown in every command's help.
  addLimitOptions(program).hook('preAction', () => {
    ctx.limits = resolveLimits(program.opts(), io.env);
  });
  for (const command of [checkCommand(ctx), reportCommand(ctx), simulateCommand(ctx), graphCommand(ctx), schemaCommand(ctx), explainCommand(ctx), initCommand(ctx), verifyCommand(ctx), importCommand(ctx)]) {
    program.addCommand(
      command
        .exitOverride()
        .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(escapeLines(s)) })
        .configureHelp({ showGlobalOptions: true }),
    );
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (error) {
    return reportError(error, io);
  }
}

/** commander's own messages quote arguments as typed: escape controls, keep the line breaks. */
const escapeLines = (text: string): string => text.split('\n').map(escapeControls).join('\n');

function reportError(error: unknown, io: Io): number {
  if (error instanceof CommanderError) {
    // Help and version end in a CommanderError too; commander has printed what it had to say.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) {
      return EXIT.ok;
    }
    return EXIT.input;
  }
  if (error instanceof InputProblems) {
    for (const p of error.problems) io.stderr(`${formatProblem(p)}\n`);
    const n = error.problems.length;
    io.stderr(`bcaudit: ${n} problem${n === 1 ? '' : 's'} in the input; nothing was analysed\n`);
    return EXIT.input;
  }
  if (error instanceof UsageError || error instanceof RiskGroupLimitError) {
    // Messages quote file names and arguments: control characters in them must not reach the terminal.
    io.stderr(`bcaudit: ${escapeControls(error.message)}\n`);
    return EXIT.input;
  }
  const message = escapeControls(error instanceof Error ? error.message : String(error));
  io.stderr(`bcaudit: internal error: ${message}\n(this is a bug in bcaudit; set BCAUDIT_DEBUG=1 for details)\n`);
  if (io.env.BCAUDIT_DEBUG && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  return EXIT.input;
}
