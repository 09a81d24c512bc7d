#!/usr/bin/env node
// The `bcaudit` command: runs the bundle `npm run build` makes in dist/cli-bundle/. Exit 1 means
// "findings", so nothing else may end with 1: a missing build, a bundle that does not load and a
// crash print one line and exit 2 (Node's own default for all three is a stack trace and exit 1).
import { existsSync } from 'node:fs';
import module from 'node:module';

const CANNOT_RUN = 2;
const bundle = new URL('../dist/cli-bundle/bcaudit.js', import.meta.url);

// Control and bidi characters in a message must not drive the terminal.
const printable = (text) => text.replace(/[\p{Cc}\p{Cf}]/gu, (c) => `\\u${c.codePointAt(0).toString(16).padStart(4, '0')}`);
const messageOf = (error) => printable(String(error instanceof Error ? error.message : error).split('\n')[0]);
const debugStack = (error) => (process.env.BCAUDIT_DEBUG && error instanceof Error && error.stack ? `${error.stack}\n` : '');

function crashed(error) {
  process.stderr.write(`bcaudit: internal error: ${messageOf(error)}\n(this is a bug in bcaudit; set BCAUDIT_DEBUG=1 for details)\n${debugStack(error)}`);
  process.exit(CANNOT_RUN);
}
process.on('uncaughtException', crashed);
process.on('unhandledRejection', crashed);
// A reader that stops early (`bcaudit check … | head`) closes the pipe: the rest of the output has
// nowhere to go, the run still ends with its own exit code.
// Other errors of standard output are the CLI's to report (src/cli/io.ts: exit 2 with the reason).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE' && stream.listenerCount('error') === 1) crashed(error);
  });
}

if (!existsSync(bundle)) {
  process.stderr.write(
    'bcaudit is not built: dist/cli-bundle/bcaudit.js is missing.\n' +
      'In a clone of the repository run `npm install` (it builds) or `npm run build`; an installed package ships it built.\n',
  );
  process.exitCode = CANNOT_RUN;
} else {
  // Node 22.1+ caches compiled code between runs (absent on Node 20: nothing to do there).
  module.enableCompileCache?.();
  try {
    await import(bundle.href);
  } catch (error) {
    // A part of the build missing or damaged (a chunk, a dependency): bcaudit itself never ran.
    if (!(error instanceof SyntaxError) && error?.code !== 'ERR_MODULE_NOT_FOUND') crashed(error);
    process.stderr.write(`bcaudit could not start: ${messageOf(error)}\nRebuild it (\`npm run build\` in a clone) or reinstall it.\n${debugStack(error)}`);
    process.exitCode = CANNOT_RUN;
  }
}
