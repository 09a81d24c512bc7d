// `bcaudit verify <inventory>`: live, read-only checks that the inventory's claims hold today.
// Everything under src/verify is imported dynamically here, so `check`, `report` and `graph`
// never load the probes, the AWS SDK or ssh2.
import { Command, InvalidArgumentError, Option } from 'commander';
import { plain } from '../report/sanitize.js';
import { colorLevel } from '../report/colors.js';
import type { FailOn } from '../report/types.js';
import { SEVERITIES } from '../rules/types.js';
import type { ProgressEvent, VerifyFormat } from '../verify/index.js';
import type { CommandContext } from './context.js';
import { InputProblems, UsageError } from './errors.js';
import { fileErrorReason, type Io } from './io.js';
import { loadInventoryFile } from './loadInventoryFile.js';
import { parsePositiveInt } from './options.js';
import { emit } from './output.js';

/** The keys of VERIFY_FORMATS (src/verify/format.ts), listed here so --help needs no import of it. */
const FORMATS = ['text', 'json', 'sarif'] as const satisfies readonly VerifyFormat[];
// Fails to compile when a format is registered in src/verify/format.ts but not listed above.
const everyFormatListed: Exclude<VerifyFormat, (typeof FORMATS)[number]> extends never ? true : false = true;
void everyFormatListed;

interface VerifyOptions {
  format: VerifyFormat;
  output?: string;
  failOn: FailOn;
  only: string[];
  timeout: number;
  deadline: number;
  concurrency: number;
  slack: number;
  maxEntries: number;
  maxDepth: number;
  observationsOut?: string;
}

function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 86_400) throw new InvalidArgumentError('must be a number of seconds, more than 0');
  return n;
}

function parseAtLeastOne(value: string): number {
  const n = parsePositiveInt(value);
  if (n < 1) throw new InvalidArgumentError('must be a whole number, 1 or more');
  return n;
}

function parseSlack(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 1 || n > 100) throw new InvalidArgumentError('must be a factor from 1 to 100 (1.5 allows half an interval of delay)');
  return n;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function verifyCommand(ctx: CommandContext): Command {
  return new Command('verify')
    .description('check live and read-only that accounts and backup targets are what the inventory claims (AWS STS and S3, SSH/SFTP)')
    .argument('<inventory>', 'inventory YAML file')
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('text'))
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of standard output')
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity (exit 3 when a probe could not complete)')
        .choices([...SEVERITIES, 'never'])
        .default('high'),
    )
    .option('--only <id>', 'verify only this account, target or store (repeatable)', collect, [])
    .option('--timeout <seconds>', 'give up on one probe after this many seconds', parseSeconds, 10)
    .option('--deadline <seconds>', 'give up on the whole run after this many seconds', parseSeconds, 300)
    .option('--concurrency <n>', 'probes run at the same time', parseAtLeastOne, 4)
    .option('--slack <factor>', 'a copy is stale when older than its backup interval times this', parseSlack, 1.5)
    .option('--max-entries <n>', 'most objects or files listed per bucket or SSH path', parseAtLeastOne, 10_000)
    .option('--max-depth <n>', 'deepest directory level walked under an SSH path', parsePositiveInt, 8)
    .option('--observations-out <file>', 'also write what was observed, and when, as JSON (see docs/verify.md)')
    .action(async (file: string, options: VerifyOptions) => {
      const { io } = ctx;
      const inventory = loadInventoryFile(ctx, file);
      // The AWS SDK warns on Node 20 about its own future releases; bcaudit pins its SDK version.
      process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
      const verify = await import('../verify/index.js');
      const planned = verify.planVerify(inventory, { only: options.only, ...(io.env.HOME ? { home: io.env.HOME } : {}) });
      if (!planned.ok) throw new InputProblems(planned.problems);

      const progress = progressLine(io);
      let observations;
      try {
        observations = await verify.runProbes(planned.plan, {
          settings: {
            timeoutSeconds: options.timeout,
            deadlineSeconds: options.deadline,
            concurrency: options.concurrency,
            slack: options.slack,
            maxEntries: options.maxEntries,
            maxDepth: options.maxDepth,
          },
          env: io.env,
          readFile: (path) => Buffer.from(io.readFile(path)).toString('utf8'),
          toolVersion: ctx.version,
          inventory: { file: inventory.file, name: inventory.name ?? null },
          ...(progress ? { onProgress: progress.update } : {}),
        });
      } finally {
        progress?.clear();
      }
      const findings = verify.observationFindings(observations, inventory, { slack: options.slack });
      if (options.observationsOut !== undefined) {
        try {
          io.writeFileAtomic(options.observationsOut, `${JSON.stringify(observations, null, 2)}\n`);
        } catch (error) {
          throw new UsageError(`cannot write ${options.observationsOut}: ${fileErrorReason(error)}`);
        }
      }
      const color = options.output === undefined && options.format === 'text' ? colorLevel(io.env, io.stdoutIsTTY) : 0;
      const text = verify.VERIFY_FORMATS[options.format]({
        result: { inventory, observations, findings },
        failOn: options.failOn,
        color,
        toolVersion: ctx.version,
        cwd: io.cwd(),
      });
      emit(io, text, options.output);
      ctx.exitCode = verify.verifyExitCode(findings, options.failOn);
    });
}

/**
 * A one-line progress display on standard error, only when it is a terminal. Io says whether
 * standard output is one; until it says the same of standard error, the real process's stderr is
 * asked — and only when this is the real process (its environment is process.env).
 */
function progressLine(io: Io): { update: (e: ProgressEvent) => void; clear: () => void } | undefined {
  if (!io.stderrIsTTY || io.env.TERM === 'dumb' || io.env.CI) return undefined;
  let shown = false;
  return {
    update: (e) => {
      const running = e.running.length > 0 ? ` · ${e.running.slice(0, 3).map(plain).join(', ')}${e.running.length > 3 ? ', …' : ''}` : '';
      const line = `verify: ${e.done}/${e.total} probes done${running}`;
      io.stderr(`\r\x1b[2K${line.slice(0, 160)}`);
      shown = true;
    },
    clear: () => {
      if (shown) io.stderr('\r\x1b[2K');
    },
  };
}
