// Regenerates the report screenshots in docs/: `npm run screenshots` (needs Debian's chromium).
// The management report of examples/raisup.yml, examples/resilient.yml and a generated 20-data-set
// SaaS inventory (test/support/saasInventory.ts), exactly as `bcaudit report` writes them, rendered
// by the same headless Chromium + Mermaid bundle as the browser tests.
import { copyFileSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderMarkdown } from '../test/report/browser.js';
import { REPO_ROOT, runCli } from '../test/support/cli.js';
import { saasInventoryYaml } from '../test/support/saasInventory.js';

/** The date the reports are made as of, so the screenshots change only when the output does. */
const NOW = '2026-11-22';

const INPUTS: Record<string, string> = {
  raisup: 'examples/raisup.yml',
  resilient: 'examples/resilient.yml',
  'saas-20': 'saas-20.yml',
};
const files = { 'saas-20.yml': saasInventoryYaml(20) };

const docs: { name: string; markdown: string }[] = [];
for (const [name, input] of Object.entries(INPUTS)) {
  const run = await runCli(['report', input, '--now', NOW], { files });
  if (run.code > 1) throw new Error(`bcaudit report ${input} exited ${run.code}: ${run.stderr}`);
  docs.push({ name, markdown: run.stdout });
}
const dir = mkdtempSync(join(tmpdir(), 'bcaudit-screenshots-'));
try {
  const pages = await renderMarkdown(docs, { screenshotDir: dir });
  for (const [name, page] of pages) {
    const broken = page.blocks.filter((b) => !b.svg);
    if (broken.length > 0) throw new Error(`${name}: ${broken.length} diagram(s) did not render: ${broken.map((b) => b.error).join('; ')}`);
    // Same directory as the target, then rename: a reader never sees half a file.
    const target = join(REPO_ROOT, 'docs', `report-${name}.png`);
    const temp = `${target}.tmp`;
    copyFileSync(page.screenshot!, temp);
    renameSync(temp, target);
    console.log(`${target} (${readFileSync(target).length} bytes)`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
