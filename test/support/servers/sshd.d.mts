// Types of sshd.mjs (plain JavaScript so the demo script can run it without a build).

export const SSHD: string;

export interface KeyPair {
  privateKeyPath: string;
  publicKeyPath: string;
  /** `ssh-ed25519 AAAA... comment` */
  publicKey: string;
  /** `SHA256:...` as ssh-keygen -lf prints it. */
  fingerprint: string;
}

export function generateKey(path: string, type?: 'ed25519' | 'ecdsa' | 'rsa'): KeyPair;

export interface SshdOptions {
  /** Directory for keys and config; a new temporary one (removed on close) when unset. */
  dir?: string;
  user?: string;
  port?: number;
  hostKeyTypes?: ('ed25519' | 'ecdsa' | 'rsa')[];
  /** Public key lines allowed to log in. */
  authorizedKeys?: string[];
}

export interface Sshd {
  port: number;
  user: string;
  dir: string;
  hostKeys: Partial<Record<'ed25519' | 'ecdsa' | 'rsa', KeyPair>>;
  knownHostsLines(): string[];
  log(): string;
  close(): Promise<void>;
}

export function startSshd(options?: SshdOptions): Promise<Sshd>;

export interface Agent {
  sock: string;
  close(): Promise<void>;
}

export function startAgent(dir: string, keyPaths: string[]): Promise<Agent>;
