// OpenSSH host keys: SHA256 fingerprints and known_hosts files (plain, hashed, wildcard and
// negated patterns, [host]:port, @revoked). Pure.
import { createHash, createHmac } from 'node:crypto';

export interface KnownHostEntry {
  marker: '@revoked' | '@cert-authority' | null;
  patterns: string;
  keyType: string;
  /** The public key blob, as the server sends it. */
  key: Buffer;
}

/** `SHA256:<base64 without padding>`, as `ssh-keygen -lf` prints it. */
export function fingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type a public key blob starts with (`ssh-ed25519`, `ssh-rsa`, ...). */
export function keyTypeOf(keyBlob: Buffer): string | null {
  if (keyBlob.length < 4) return null;
  const length = keyBlob.readUInt32BE(0);
  if (length > 64 || 4 + length > keyBlob.length) return null;
  return keyBlob.subarray(4, 4 + length).toString('latin1');
}

export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    let marker: KnownHostEntry['marker'] = null;
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority') marker = fields.shift() as KnownHostEntry['marker'];
    const [patterns, keyType, keyText] = fields;
    if (patterns === undefined || keyType === undefined || keyText === undefined) continue;
    const key = Buffer.from(keyText, 'base64');
    if (key.length === 0) continue;
    entries.push({ marker, patterns, keyType, key });
  }
  return entries;
}

/** How known_hosts names a host: `host` on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** Whether an entry's comma-separated patterns name this host: one positive match and no negated one. */
export function patternsMatch(patterns: string, host: string, port: number): boolean {
  const name = knownHostsName(host, port);
  let matched = false;
  for (const pattern of patterns.split(',')) {
    if (pattern.startsWith('|1|')) {
      if (hashedMatches(pattern, name)) matched = true;
      continue;
    }
    const negated = pattern.startsWith('!');
    const body = negated ? pattern.slice(1) : pattern;
    if (globMatches(body.toLowerCase(), name.toLowerCase())) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

function hashedMatches(pattern: string, name: string): boolean {
  const [, , salt, hash] = pattern.split('|');
  if (salt === undefined || hash === undefined) return false;
  const digest = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
  return digest === hash;
}

function globMatches(pattern: string, text: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return regex.test(text);
}

export type HostKeyVerdict = 'match' | 'mismatch' | 'not-listed' | 'revoked';

/** Judges a presented key against the known_hosts entries for host:port (certificate authorities are not supported and ignored). */
export function judgeKnownHosts(entries: readonly KnownHostEntry[], host: string, port: number, keyBlob: Buffer): HostKeyVerdict {
  const forHost = entries.filter((e) => e.marker !== '@cert-authority' && patternsMatch(e.patterns, host, port));
  if (forHost.some((e) => e.marker === '@revoked' && e.key.equals(keyBlob))) return 'revoked';
  // A revoked key anywhere in the file is revoked for every host.
  if (entries.some((e) => e.marker === '@revoked' && e.key.equals(keyBlob))) return 'revoked';
  const pinned = forHost.filter((e) => e.marker === null);
  if (pinned.length === 0) return 'not-listed';
  return pinned.some((e) => e.key.equals(keyBlob)) ? 'match' : 'mismatch';
}

/** ssh2's host key algorithm names for a key type, so the server presents the pinned kind of key. */
export function hostKeyAlgorithms(keyType: string): string[] {
  switch (keyType) {
    case 'ssh-rsa':
      return ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];
    case 'ssh-ed25519':
    case 'ecdsa-sha2-nistp256':
    case 'ecdsa-sha2-nistp384':
    case 'ecdsa-sha2-nistp521':
      return [keyType];
    default:
      return [];
  }
}

/** Host key families, to ask a server for each kind in turn when a fingerprint pin does not say which. */
export const HOST_KEY_FAMILIES: readonly (readonly string[])[] = [
  ['ssh-ed25519'],
  ['ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521'],
  ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
];

export function familyOf(keyType: string | null): number {
  if (keyType === null) return -1;
  return HOST_KEY_FAMILIES.findIndex((f) => f.includes(keyType === 'ssh-rsa' ? 'ssh-rsa' : keyType));
}
