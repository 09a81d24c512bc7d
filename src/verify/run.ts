// Runs the probes of a plan: bounded concurrency, a timeout per probe, a deadline for the run.
// Bucket probes wait for their account's STS probe (they use its credentials); when it fails
// they are skipped, not run with the wrong credentials.
import type { ProbeContext } from './context.js';
import type { AwsAccess } from './aws.js';
import {
  OBSERVATIONS_FORMAT,
  OBSERVATIONS_VERSION,
  type AwsAccountObservation,
  type Observation,
  type S3AccountObservation,
  type ObservationsFile,
  type S3BucketObservation,
  type SshHostObservation,
  type VerifySettings,
} from './observations.js';
import { bucketStub, hostStub, type AccountProbeSpec, type BucketProbeSpec, type HostProbeSpec, type S3AccountProbeSpec, type VerifyPlan } from './plan.js';
import { environmentSecrets, Redactor, stopReason, type Stop } from './reasons.js';

export interface Probes {
  account(spec: AccountProbeSpec, ctx: ProbeContext): Promise<{ observation: AwsAccountObservation; access?: AwsAccess }>;
  s3Account(spec: S3AccountProbeSpec, ctx: ProbeContext): Promise<{ observation: S3AccountObservation; access?: AwsAccess }>;
  bucket(spec: BucketProbeSpec, access: AwsAccess | undefined, ctx: ProbeContext): Promise<S3BucketObservation>;
  host(spec: HostProbeSpec, ctx: ProbeContext): Promise<SshHostObservation>;
}

/** The real probes, each loading its client library only when first used. */
export const LIVE_PROBES: Probes = {
  account: async (spec, ctx) => (await import('./aws.js')).probeAccount(spec, ctx),
  s3Account: async (spec, ctx) => (await import('./aws.js')).probeS3Account(spec, ctx),
  bucket: async (spec, access, ctx) => (await import('./aws.js')).probeBucket(spec, access, ctx),
  host: async (spec, ctx) => (await import('./ssh.js')).probeHost(spec, ctx),
};

export interface ProgressEvent {
  done: number;
  total: number;
  /** Probes under way, as `kind subject`. */
  running: string[];
}

export interface RunOptions {
  settings: VerifySettings;
  env: Readonly<Record<string, string | undefined>>;
  readFile(path: string): string;
  toolVersion: string;
  inventory: { file: string; name: string | null };
  now?: () => Date;
  onProgress?: (event: ProgressEvent) => void;
  probes?: Probes;
  /** Extra values never to print (beyond the AWS secrets of `env`). */
  secrets?: string[];
  /** How long a stopped probe may take to wind down before it is recorded as timed out anyway. */
  graceMs?: number;
}

const DEFAULT_GRACE_MS = 2000;

export async function runProbes(plan: VerifyPlan, options: RunOptions): Promise<ObservationsFile> {
  const now = options.now ?? (() => new Date());
  const probes = options.probes ?? LIVE_PROBES;
  const { settings } = options;
  const redactor = new Redactor([...environmentSecrets(options.env), ...(options.secrets ?? [])]);
  const startedAt = now().toISOString();
  const deadline = new AbortController();
  const deadlineTimer = setTimeout(() => deadline.abort(), settings.deadlineSeconds * 1000);
  const pool = new Pool(Math.max(1, settings.concurrency));
  const total = plan.accounts.length + plan.buckets.length + plan.hosts.length;
  let done = 0;
  const running = new Set<string>();
  const progress = () => options.onProgress?.({ done, total, running: [...running] });

  /** Runs one probe under its own timeout and the run's deadline; never rejects. */
  const run = <T extends Observation, R>(
    label: string,
    stub: Omit<T, 'status' | 'startedAt' | 'finishedAt' | 'problems'>,
    body: (ctx: ProbeContext) => Promise<R>,
  ): Promise<R | T> =>
    pool.run(async () => {
      const failed = (operation: string, reason: string, started = now().toISOString()): T =>
        ({ ...stub, status: 'failed', startedAt: started, finishedAt: now().toISOString(), problems: [{ kind: 'timeout', operation, reason }] }) as T;
      if (deadline.signal.aborted) {
        done++;
        progress();
        return failed('start', `not started: the overall deadline of ${settings.deadlineSeconds} s (--deadline) had passed`);
      }
      const own = new AbortController();
      let stop: Stop;
      const timer = setTimeout(() => {
        stop ??= 'timeout';
        own.abort();
      }, settings.timeoutSeconds * 1000);
      const onDeadline = () => {
        stop ??= 'deadline';
        own.abort();
      };
      deadline.signal.addEventListener('abort', onDeadline, { once: true });
      const ctx: ProbeContext = {
        signal: own.signal,
        stoppedBy: () => stop,
        timeoutSeconds: settings.timeoutSeconds,
        deadlineSeconds: settings.deadlineSeconds,
        env: options.env,
        readFile: options.readFile,
        redactor,
        maxEntries: settings.maxEntries,
        maxDepth: settings.maxDepth,
        now,
      };
      const started = now().toISOString();
      running.add(label);
      progress();
      let graceTimer: NodeJS.Timeout | undefined;
      try {
        // A probe that does not wind down after being stopped is recorded as timed out anyway.
        const abandoned = new Promise<'abandoned'>((resolve) => {
          const arm = () => {
            graceTimer = setTimeout(() => resolve('abandoned'), options.graceMs ?? DEFAULT_GRACE_MS);
          };
          if (own.signal.aborted) arm();
          else own.signal.addEventListener('abort', arm, { once: true });
        });
        const result = await Promise.race([body(ctx), abandoned]);
        if (result === 'abandoned') return failed('probe', stopReason(stop ?? 'timeout', ctx, label), started);
        return result;
      } catch (error) {
        // A probe bug must not take the run down: it becomes this probe's problem.
        const reason = redactor.text(`internal error in the probe: ${error instanceof Error ? error.message : String(error)}`);
        return { ...failed('probe', reason, started), problems: [{ kind: 'unreachable', operation: 'probe', reason }] } as T;
      } finally {
        clearTimeout(timer);
        if (graceTimer) clearTimeout(graceTimer);
        deadline.signal.removeEventListener('abort', onDeadline);
        running.delete(label);
        done++;
        progress();
      }
    });

  type AccountResult = { observation: AwsAccountObservation | S3AccountObservation; access?: AwsAccess };
  const accountTasks = new Map<string, Promise<AccountResult>>();
  for (const spec of plan.accounts) {
    const task =
      spec.probe === 'aws-account'
        ? run<AwsAccountObservation, AccountResult>(`sts ${spec.subject}`, accountStub(spec), (ctx) => probes.account(spec, ctx))
        : run<S3AccountObservation, AccountResult>(`s3 ${spec.subject}`, s3AccountStub(spec), (ctx) => probes.s3Account(spec, ctx));
    accountTasks.set(
      spec.subject,
      task.then((r) => ('observation' in r ? r : { observation: r })),
    );
  }
  const bucketTasks = plan.buckets.map(async (spec): Promise<S3BucketObservation> => {
    const stub = bucketStub(spec);
    let access: AwsAccess | undefined;
    const accountTask = spec.account === undefined ? undefined : accountTasks.get(spec.account);
    if (accountTask) {
      const account = await accountTask;
      if (!account.access) {
        const at = now().toISOString();
        done++;
        progress();
        return { ...stub, status: 'skipped', startedAt: at, finishedAt: at, problems: [], skippedBecause: `accounts/${spec.account}` };
      }
      access = account.access;
    }
    return run<S3BucketObservation, S3BucketObservation>(`s3 ${spec.subject}`, stub, (ctx) => probes.bucket(spec, access, ctx));
  });
  const hostTasks = plan.hosts.map((spec) =>
    run<SshHostObservation, SshHostObservation>(`ssh ${spec.subject}`, hostStub(spec), (ctx) => probes.host(spec, ctx)),
  );

  try {
    const accounts = await Promise.all(accountTasks.values());
    const buckets = await Promise.all(bucketTasks);
    const hosts = await Promise.all(hostTasks);
    const bySubject = (a: Observation, b: Observation) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0);
    // Secrets learnt by one probe (a profile's key) are removed from every probe's reasons.
    for (const o of [...accounts.map((a) => a.observation), ...buckets, ...hosts]) {
      o.problems = o.problems.map((p) => ({ ...p, reason: redactor.text(p.reason) }));
    }
    return {
      format: OBSERVATIONS_FORMAT,
      version: OBSERVATIONS_VERSION,
      tool: { name: 'bcaudit', version: options.toolVersion },
      inventory: options.inventory,
      startedAt,
      finishedAt: now().toISOString(),
      settings,
      observations: [...accounts.map((a) => a.observation).sort(bySubject), ...buckets.sort(bySubject), ...hosts.sort(bySubject)],
    };
  } finally {
    clearTimeout(deadlineTimer);
  }
}

function accountStub(spec: AccountProbeSpec): Omit<AwsAccountObservation, 'status' | 'startedAt' | 'finishedAt' | 'problems'> {
  return {
    probe: 'aws-account',
    subject: spec.subject,
    section: 'accounts',
    via: { profile: spec.profile ?? null, roleArn: spec.roleArn ?? null, externalId: spec.externalId !== undefined },
    caller: null,
  };
}


function s3AccountStub(spec: S3AccountProbeSpec): Omit<S3AccountObservation, 'status' | 'startedAt' | 'finishedAt' | 'problems'> {
  return {
    probe: 's3-account',
    subject: spec.subject,
    section: 'accounts',
    endpoint: spec.endpoint,
    via: { profile: spec.profile ?? null, roleArn: spec.roleArn ?? null },
    caller: null,
  };
}

/** At most `size` tasks at a time, started in the order they were queued. */
class Pool {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}
