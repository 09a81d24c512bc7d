// External tools some tests need (SCRAM, Graphviz, Chromium, sshd, radosgw), and one rule for a
// missing one: in CI (CI=true) the suite FAILS with the reason, so a green CI run means every test
// ran; locally the tests skip and the run prints which tool is missing and how to install it.
//
//   describe.skipIf(!requireTool('scram'))('…', () => { … });
//   it.skipIf(!requireTool('dot'))('…', async () => { … });
//
// A tool not listed here (radosgw is added by its own suite) is described at the call:
//   requireTool('radosgw', { path: '/usr/bin/radosgw', install: 'apt-get install -y radosgw ceph-mon ceph-osd' })
import { existsSync } from 'node:fs';
import { it } from 'vitest';

export interface ToolSpec {
  /** The executable whose presence means the tool is installed. */
  path: string;
  /** The command that installs it on Debian (as .ci/run does). */
  install: string;
  /** What the tests use it for, for the message. */
  purpose?: string;
}

/** The tools of .ci/run's apt line; each may be moved with an environment variable (e.g. SCRAM_BIN). */
export const TOOLS = {
  scram: { path: process.env.SCRAM_BIN ?? '/usr/bin/scram', install: 'apt-get install -y scram', purpose: 'the fault-tree oracle' },
  dot: { path: process.env.DOT_BIN ?? '/usr/bin/dot', install: 'apt-get install -y graphviz', purpose: 'rendering DOT exports' },
  chromium: { path: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium', install: 'apt-get install -y chromium', purpose: 'rendering the report with Mermaid' },
  sshd: { path: process.env.SSHD_BIN ?? '/usr/sbin/sshd', install: 'apt-get install -y openssh-server', purpose: 'the SFTP probes of verify' },
  radosgw: { path: process.env.RADOSGW_BIN ?? '/usr/bin/radosgw', install: 'apt-get install -y radosgw ceph-mon ceph-osd', purpose: 'a real S3-compatible server' },
} satisfies Record<string, ToolSpec>;

export type ToolName = keyof typeof TOOLS;

/** CI=true (or 1): every tool must be there. */
export const inCI = (env: Readonly<Record<string, string | undefined>> = process.env): boolean => /^(true|1)$/i.test(env.CI ?? '');

/** Why a tool cannot be used, or undefined when it is there. */
export function missingReason(name: string, spec: ToolSpec): string | undefined {
  if (existsSync(spec.path)) return undefined;
  return `${name} is missing (${spec.path} not found${spec.purpose ? `; needed for ${spec.purpose}` : ''}); install it with \`${spec.install}\``;
}

const warned = new Set<string>();

/**
 * Whether the tests needing this tool can run. When it is missing: with CI=true a failing test
 * named after the tool is registered here (so the run fails with the reason); otherwise the
 * reason is printed once per file and the caller skips.
 */
export function requireTool(name: ToolName, spec?: ToolSpec): boolean;
export function requireTool(name: string, spec: ToolSpec): boolean;
export function requireTool(name: string, spec?: ToolSpec): boolean {
  const tool = spec ?? (TOOLS as Record<string, ToolSpec>)[name];
  if (!tool) throw new Error(`requireTool: unknown tool ${name}; describe it with { path, install }`);
  const reason = missingReason(name, tool);
  if (reason === undefined) return true;
  if (inCI()) {
    it(`needs ${name}`, () => {
      throw new Error(`${reason} (CI=true: a missing tool fails the run instead of skipping)`);
    });
  } else if (!warned.has(name)) {
    warned.add(name);
    console.warn(`[skipped] ${reason}`);
  }
  return false;
}
