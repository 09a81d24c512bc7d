// The command-line entry point: what `bin/bcaudit.js` runs (bundled into dist/cli-bundle/ by `npm run build`).
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
