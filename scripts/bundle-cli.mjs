// Bundles the CLI into dist/cli-bundle/ after tsc (`npm run build`): resolving and compiling ~100
// small modules was most of a short run's start-up. Code splitting keeps every lazy import lazy
// (formatters, verify, the AWS SDK and ssh2 stay out of `check`). meta.json records which source
// modules each chunk holds, so tests can still tell which modules a command loads.
// Usage: node scripts/bundle-cli.mjs
import { build } from 'esbuild';
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Two levels below the package root, like dist/cli/: `new URL('../../policies/…', import.meta.url)` still finds the package's files.
const outdir = join(root, 'dist', 'cli-bundle');
rmSync(outdir, { recursive: true, force: true });

const result = await build({
  entryPoints: { bcaudit: join(root, 'dist', 'cli', 'launch.js') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Loaded only by verify (and ssh2 has an optional native module); `yaml` and the ajv runtime
  // helpers are required at run time through createRequire and resolve from node_modules.
  external: ['ssh2', '@aws-sdk/*', '*.node'],
  // CommonJS dependencies (commander, ajv) call require() for Node's built-in modules.
  banner: { js: "import { createRequire as __bcauditCreateRequire } from 'node:module'; const require = __bcauditCreateRequire(import.meta.url);" },
  chunkNames: 'chunk-[hash]',
  legalComments: 'eof',
  metafile: true,
  logLevel: 'warning',
});
writeFileSync(join(outdir, 'meta.json'), `${JSON.stringify(result.metafile)}\n`);
