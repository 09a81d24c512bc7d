// The command-line entry point: what `bin/bcaudit.js` runs (bundled into dist/cli-bundle/ by `npm run build`).
import { main } from './main.js';

const code = await main(process.argv.slice(2));
// A failed write to standard output may already have set the exit code (2); it is not undone.
process.exitCode ??= code;
