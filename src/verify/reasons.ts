// Why a call failed, in a few words a person can act on — and never with a credential in it.
import { plain } from '../report/sanitize.js';
import type { ProbeProblem, ProblemKind } from './observations.js';

/** Longest reason kept; servers can send long messages. */
const MAX_REASON = 300;

const PRIVATE_KEY_BLOCK = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g;
/** The base64 of an OpenSSH private key starts with "openssh-key-v1". */
const OPENSSH_KEY_BODY = /b3BlbnNzaC1rZXktdjE[A-Za-z0-9+/=\s]*/g;

/** Removes known secret values and anything that looks like private key material from text. */
export class Redactor {
  private readonly secrets = new Set<string>();

  constructor(secrets: Iterable<string | undefined> = []) {
    for (const s of secrets) this.add(s);
  }

  add(secret: string | undefined): void {
    // Short values would redact ordinary words; real secrets are long.
    if (secret !== undefined && secret.length >= 8) this.secrets.add(secret);
  }

  text(raw: string): string {
    let text = raw.replace(PRIVATE_KEY_BLOCK, '[private key redacted]').replace(OPENSSH_KEY_BODY, '[private key redacted]');
    for (const secret of this.secrets) text = text.split(secret).join('[redacted]');
    text = plain(text).replace(/\s+/g, ' ').trim();
    return text.length > MAX_REASON ? `${text.slice(0, MAX_REASON - 1)}…` : text;
  }
}

/** A short reason for a failed local file read. */
export function fileReason(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return error instanceof Error ? error.message : String(error);
}

/** The secrets of the environment verify runs in: AWS keys and tokens. */
export function environmentSecrets(env: Readonly<Record<string, string | undefined>>): (string | undefined)[] {
  return [env.AWS_SECRET_ACCESS_KEY, env.AWS_SESSION_TOKEN, env.AWS_SECURITY_TOKEN, env.AWS_WEB_IDENTITY_TOKEN];
}

/** Which timer stopped a probe, if one did. */
export type Stop = 'timeout' | 'deadline' | undefined;

export interface StopContext {
  stoppedBy(): Stop;
  timeoutSeconds: number;
  deadlineSeconds: number;
}

export function stopReason(stop: 'timeout' | 'deadline', ctx: StopContext, what: string): string {
  return stop === 'timeout'
    ? `no answer from ${what} within ${ctx.timeoutSeconds} s (--timeout)`
    : `the overall deadline of ${ctx.deadlineSeconds} s (--deadline) passed while waiting for ${what}`;
}

/** The IAM action each call needs (docs/verify.md has the whole policy). */
export const AWS_PERMISSION: Record<string, string> = {
  GetCallerIdentity: 'sts:GetCallerIdentity',
  ListBuckets: 's3:ListAllMyBuckets',
  GetBucketAcl: 's3:GetBucketAcl',
  AssumeRole: 'sts:AssumeRole',
  HeadBucket: 's3:ListBucket',
  GetBucketLocation: 's3:GetBucketLocation',
  GetBucketVersioning: 's3:GetBucketVersioning',
  GetObjectLockConfiguration: 's3:GetBucketObjectLockConfiguration',
  GetBucketReplication: 's3:GetReplicationConfiguration',
  GetBucketEncryption: 's3:GetEncryptionConfiguration',
  ListObjectsV2: 's3:ListBucket',
};

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the server',
  ENOTFOUND: 'host name not found (DNS)',
  EAI_AGAIN: 'host name lookup failed temporarily (DNS)',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection closed by the server',
  CERT_HAS_EXPIRED: 'the TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the TLS certificate is self-signed',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the TLS certificate cannot be verified',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the TLS certificate is for another host name',
};

/** A reason for a failed network connection, or undefined when the error is not one. */
export function networkReason(error: unknown): string | undefined {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' ? NETWORK_REASONS[code] : undefined;
}

const DENIED_CODES = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'Forbidden',
  'InvalidAccessKeyId',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidToken',
  'TokenRefreshRequired',
  'UnrecognizedClientException',
  'AllAccessDisabled',
  'AccountProblem',
]);

const THROTTLING_CODES = new Set(['SlowDown', 'Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException', 'RequestThrottled']);

interface AwsErrorShape {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

/** Classifies an error from the AWS SDK for one call. */
export function awsProblem(error: unknown, operation: string, endpoint: string, ctx: StopContext, redactor: Redactor): ProbeProblem {
  const make = (kind: ProblemKind, reason: string): ProbeProblem => ({
    kind,
    operation,
    reason: redactor.text(reason),
    ...(kind === 'denied' && AWS_PERMISSION[operation] ? { permission: AWS_PERMISSION[operation] } : {}),
  });
  const stop = ctx.stoppedBy();
  if (stop) return make('timeout', stopReason(stop, ctx, endpoint));
  const e = (error ?? {}) as AwsErrorShape;
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const message = typeof e.message === 'string' ? e.message : String(error);
  const status = e.$metadata?.httpStatusCode;
  const attempts = e.$metadata?.attempts;
  if (name === 'AbortError' || name === 'TimeoutError' || (e.code === 'ETIMEDOUT' && status === undefined)) {
    return make('timeout', `no answer from ${endpoint} within ${ctx.timeoutSeconds} s`);
  }
  if (name === 'CredentialsProviderError' || /credential|profile/i.test(name)) {
    return make('denied', `no usable AWS credentials: ${message}`);
  }
  const network = networkReason(error) ?? networkReason((error as { cause?: unknown })?.cause);
  if (network !== undefined && status === undefined) return make('unreachable', `${network} (${endpoint})`);
  const withStatus = (text: string) => (status === undefined ? text : `${text} (HTTP ${status})`);
  // HEAD answers carry no body: the SDK names the error after the status code.
  const codeName = /^\d+$/.test(name) || name === 'UnknownError' || name === 'Unknown' ? undefined : name;
  const detail = codeName && message && message !== codeName && message !== 'UnknownError' ? `${codeName}: ${message}` : (codeName ?? httpText(status));
  if ((codeName !== undefined && DENIED_CODES.has(codeName)) || status === 403 || status === 401) {
    return make('denied', withStatus(detail));
  }
  if ((codeName !== undefined && THROTTLING_CODES.has(codeName)) || status === 429 || status === 503) {
    return make('unreachable', `${withStatus(detail)}: throttled or unavailable on every one of ${attempts ?? 'the'} attempts`);
  }
  // S3-compatible providers answer calls they do not offer with 501 or 405 (Ceph RGW: STS GetCallerIdentity).
  if (codeName === 'NotImplemented' || codeName === 'MethodNotAllowed' || status === 501 || status === 405) {
    return make('unsupported', `${withStatus(detail)}: the endpoint does not offer ${operation}`);
  }
  if (status === 404 || codeName === 'NoSuchBucket' || codeName === 'NotFound') {
    return make('unreachable', withStatus(codeName === 'NoSuchBucket' || operation === 'HeadBucket' ? 'the bucket does not exist' : detail));
  }
  if (status !== undefined && status >= 500) {
    return make('unreachable', `${withStatus(detail)}${attempts && attempts > 1 ? ` after ${attempts} attempts` : ''}`);
  }
  return make('unreachable', withStatus(detail || message));
}

function httpText(status: number | undefined): string {
  switch (status) {
    case 301:
      return 'moved to another region or endpoint';
    case 400:
      return 'bad request';
    case 401:
    case 403:
      return 'access denied';
    case 404:
      return 'not found';
    case 405:
      return 'method not allowed';
    case 429:
      return 'too many requests';
    case 500:
      return 'internal server error';
    case 501:
      return 'not implemented';
    case 503:
      return 'service unavailable';
    default:
      return status === undefined ? 'unknown error' : `HTTP ${status}`;
  }
}
