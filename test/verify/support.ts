// Shared by the verify tests: the AWS environment for the real SDK clients, and readers of outputs.
import { vi } from 'vitest';
import type { AwsServer } from '../support/servers/aws.mjs';

export interface VerifyJson {
  version: number;
  observations: {
    format: string;
    version: number;
    observations: Record<string, unknown>[];
  };
  findings: { id: string; rule: string; severity: string; message: string; remediation: string; location: { file: string; line: number; column: number } }[];
  summary: { exitCode: number; probes: Record<string, number>; incomplete: number };
}

export const AUDIT_KEY = { id: 'AKIDTESTAUDIT0000001', secret: 'testAuditSecret/0123456789abcdefghijklmnopqr' };
export const PROD_KEY = { id: 'AKIDTESTPROD00000001', secret: 'testProdSecret/0123456789abcdefghijklmnopqrs' };

/**
 * The environment the real SDK reads (process.env) and the CLI sees (io.env): fake keys, the STS
 * endpoint on loopback, no instance metadata, no user's ~/.aws. Returns the env for runCli.
 */
export function stubAwsEnv(sts: AwsServer, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {
    AWS_ACCESS_KEY_ID: AUDIT_KEY.id,
    AWS_SECRET_ACCESS_KEY: AUDIT_KEY.secret,
    AWS_REGION: 'eu-central-1',
    AWS_ENDPOINT_URL_STS: sts.url,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_CONFIG_FILE: '/nonexistent/bcaudit-test/aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/bcaudit-test/aws-credentials',
    ...extra,
  };
  for (const name of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_S3', 'AWS_DEFAULT_REGION']) vi.stubEnv(name, undefined);
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  return env;
}

export function parseJson(stdout: string): VerifyJson {
  return JSON.parse(stdout) as VerifyJson;
}

export function ids(report: VerifyJson): string[] {
  return report.findings.map((f) => f.id).sort();
}

export function finding(report: VerifyJson, id: string): VerifyJson['findings'][number] {
  const found = report.findings.find((f) => f.id === id);
  if (!found) throw new Error(`no finding ${id}; have: ${report.findings.map((f) => f.id).join(', ')}`);
  return found;
}

export function observation(report: VerifyJson, subject: string): Record<string, unknown> {
  const found = report.observations.observations.find((o) => o.subject === subject);
  if (!found) throw new Error(`no observation of ${subject}`);
  return found;
}
