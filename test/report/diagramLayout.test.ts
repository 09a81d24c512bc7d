// The diagrams as a reader sees them: every Mermaid diagram of every example's report and of
// `graph --format mermaid`, and of two generated SaaS inventories (6 data sets: 44 nodes in the
// diagram bcaudit drew before issue 15; 20 data sets: past the size limit), drawn by Mermaid's own
// bundle in headless Chromium. No two text labels may overlap, and none may be cut off by its text
// frame, its node or cluster, or the edge of the SVG.
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { saasInventoryYaml } from '../support/saasInventory.js';
import { requireTool } from '../support/tools.js';
import { renderMarkdown, type RenderedPage } from './browser.js';
import { EXAMPLES, NOW, examplePath } from './fixtures.js';
import { layoutProblems } from './labelLayout.js';

const GENERATED: Record<string, string> = {
  'saas-6.yml': saasInventoryYaml(6),
  'saas-20.yml': saasInventoryYaml(20),
};
const INPUTS = [...EXAMPLES.map(examplePath), ...Object.keys(GENERATED)];

async function bcaudit(argv: string[]): Promise<string> {
  const run = await runCli(argv, { files: GENERATED });
  if (run.code > 1) throw new Error(`bcaudit ${argv.join(' ')} exited ${run.code}: ${run.stderr}`);
  return run.stdout;
}

describe.skipIf(!requireTool('chromium'))('diagram layout in a browser (headless Chromium + mermaid)', () => {
  let pages: Map<string, RenderedPage>;

  beforeAll(async () => {
    const docs: { name: string; markdown: string }[] = [];
    for (const input of INPUTS) {
      docs.push({ name: `report ${input}`, markdown: await bcaudit(['report', input, '--now', NOW]) });
      docs.push({ name: `graph ${input}`, markdown: `\`\`\`mermaid\n${await bcaudit(['graph', input, '--format', 'mermaid'])}\`\`\`\n` });
    }
    pages = await renderMarkdown(docs.map((d) => ({ ...d, name: d.name.replace(/[^\w.-]+/g, '_') })));
  }, 300_000);

  it.each(INPUTS.flatMap((input) => [`report ${input}`, `graph ${input}`]))('%s: every diagram renders with no label overlapping or cut off', (name) => {
    const page = pages.get(name.replace(/[^\w.-]+/g, '_'))!;
    expect(page.blocks.length).toBeGreaterThan(0);
    const problems = page.blocks.flatMap((block, i) => {
      if (block.layout === null) return [`diagram ${i + 1}: not drawn (${block.error ?? 'no SVG'})`];
      expect(block.layout.labels.length).toBeGreaterThan(0);
      return layoutProblems(block.layout).map((p) => `diagram ${i + 1}: ${p}`);
    });
    expect(problems).toEqual([]);
  });
});
