// Types of rgw.mjs (plain JavaScript so the demo script can run it without a build).

export const RGW_PROGRAMS: string[];
export const RGW_PACKAGES: string[];
/** The apt-get command that installs the gateway (as .ci/run does). */
export const RGW_INSTALL_HINT: string;
export function missingRgwPrograms(): string[];

export interface RgwUser {
  uid: string;
  displayName: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export const ALICE: RgwUser;
export const BOB: RgwUser;
/** A role alice may assume (its policy allows s3:* on every bucket). */
export const ROLE_ARN: string;

export interface RgwOptions {
  /** Give up (stopping whatever started) after this long; default 90 s. */
  timeoutMs?: number;
  /** Where the temporary directory is made; the OS temp dir by default. */
  parent?: string;
  /** Ports of the plain and the STS-enabled gateway; free ones when unset. */
  port?: number;
  stsPort?: number;
  /** Keep the directory (logs, config) after close(). */
  keep?: boolean;
}

export interface Rgw {
  /** Plain S3: bad credentials answer InvalidAccessKeyId / SignatureDoesNotMatch. */
  url: string;
  /** `rgw s3 auth use sts = true`: answers AssumeRole and accepts its credentials. */
  stsUrl: string;
  port: number;
  stsPort: number;
  dir: string;
  users: { alice: RgwUser; bob: RgwUser };
  roleArn: string;
  /** The daemons' stderr and the end of their logs, for a failure message. */
  logs(): string;
  close(): Promise<void>;
}

export function startRgw(options?: RgwOptions): Promise<Rgw>;
