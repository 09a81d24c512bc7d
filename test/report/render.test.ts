// The management report of every example, and of an inventory with hostile free text, rendered as
// a reader sees it: Markdown → HTML, Mermaid drawn by mermaid's npm bundle in headless Chromium.
// Every Mermaid block must become an SVG with no syntax error; nothing may run script or reach the
// network. Screenshots go to $BCAUDIT_SCREENSHOT_DIR (default: a directory under the OS temp dir);
// those kept in docs/ are made by `npm run screenshots` (scripts/report-screenshots.ts).
import { existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copiesMermaid } from '../../src/report/diagram/copiesDiagrams.js';
import { REPO_ROOT, runCli } from '../support/cli.js';
import { requireTool } from '../support/tools.js';
import { renderMarkdown, type RenderedPage } from './browser.js';
import { EXAMPLES, HOSTILE_INVENTORY, HOSTILE_NAME, HOSTILE_REGION, HOSTILE_SITE, NOW, auditExample, auditText, examplePath, reportOf } from './fixtures.js';

const SCREENSHOT_DIR = process.env.BCAUDIT_SCREENSHOT_DIR ?? join(tmpdir(), 'bcaudit-report-screenshots');
const DOCS_SCREENSHOTS = ['raisup', 'resilient', 'saas-20'];

describe.skipIf(!requireTool('chromium'))('report in a browser (headless Chromium + mermaid)', () => {
  let pages: Map<string, RenderedPage>;
  let seconds = 0;

  beforeAll(async () => {
    // Exactly what `bcaudit report` writes (built-in baseline policy), so docs/ shows the real thing.
    const docs: { name: string; markdown: string }[] = [];
    for (const name of EXAMPLES) {
      const run = await runCli(['report', examplePath(name), '--now', NOW]);
      if (run.code !== 0) throw new Error(`report ${name} exited ${run.code}: ${run.stderr}`);
      docs.push({ name, markdown: run.stdout });
    }
    const hostile = auditText(HOSTILE_INVENTORY, 'hostile.yml');
    docs.push({ name: 'hostile', markdown: reportOf(hostile) });
    // `graph --format mermaid` too, as a user would paste it into Markdown.
    for (const name of ['raisup', 'jimdo-vendor']) {
      const result = auditExample(name);
      docs.push({ name: `graph-${name}`, markdown: `\`\`\`mermaid\n${copiesMermaid(result.graph, result.inventory)}\`\`\`\n` });
    }
    docs.push({ name: 'graph-hostile', markdown: `\`\`\`mermaid\n${copiesMermaid(hostile.graph, hostile.inventory)}\`\`\`\n` });
    const start = performance.now();
    pages = await renderMarkdown(docs, { screenshotDir: SCREENSHOT_DIR });
    seconds = (performance.now() - start) / 1000;
  }, 300_000);

  afterAll(() => {
    if (pages) console.info(`[render.test] ${pages.size} pages rendered in ${seconds.toFixed(1)} s; screenshots in ${SCREENSHOT_DIR}`);
  });

  it.each(EXAMPLES)('%s: every Mermaid block becomes an SVG without errors', (name) => {
    const page = pages.get(name)!;
    expect(page.blocks.length).toBeGreaterThan(0);
    for (const block of page.blocks) {
      expect(block.error).toBeNull();
      expect(block.svg).toBe(true);
    }
    expect(page.violations).toEqual([]);
    expect(existsSync(page.screenshot!)).toBe(true);
    expect(statSync(page.screenshot!).size).toBeGreaterThan(10_000);
  });

  it('raisup: the diagram names the account every copy sits behind', () => {
    const page = pages.get('raisup')!;
    expect(page.blocks[0]!.text).toContain('account do-main');
    expect(page.blocks[0]!.text).toContain('digitalocean (cloud)');
    expect(page.pageText).toContain('If digitalocean suspends or closes account do-main, customer-db (critical) and uploads (high) are lost');
  });

  it.each(['graph-raisup', 'graph-jimdo-vendor', 'graph-hostile'])('%s: the graph --format mermaid export renders', (name) => {
    const page = pages.get(name)!;
    expect(page.blocks).toHaveLength(1);
    expect(page.blocks[0]!.error).toBeNull();
    expect(page.blocks[0]!.svg).toBe(true);
    expect(page.violations).toEqual([]);
  });

  it('hostile text renders as literal text: no script runs, no markup, the diagram still parses', () => {
    const page = pages.get('hostile')!;
    for (const block of page.blocks) expect(block.error).toBeNull();
    expect(page.blocks.every((b) => b.svg)).toBe(true);
    expect(page.violations).toEqual([]);
    // The name is the title, character for character.
    expect(page.pageText).toContain(HOSTILE_NAME.replace(/\n/g, ' '));
    // Regions and sites are free text that ends up in Mermaid labels: shown literally in the SVG.
    const diagram = page.blocks[0]!.text;
    expect(diagram).toContain(HOSTILE_REGION);
    expect(diagram).toContain(HOSTILE_SITE.replace(/\n/g, ' '));
    expect(page.pageText).toContain('<script>window.__pwned=7</script>');
    // Free text never becomes a link, not even by autolinking a bare URL.
    expect(page.pageText).toContain('[link](http://evil.example)');
    expect(page.links).toEqual([]);
  });

  it('the graph --format mermaid export of the hostile inventory shows its region text literally', () => {
    expect(pages.get('graph-hostile')!.blocks[0]!.text).toContain(HOSTILE_REGION);
  });

  it('keeps the report screenshots in docs/ (scripts/report-screenshots.ts makes them)', () => {
    for (const name of DOCS_SCREENSHOTS) {
      const kept = join(REPO_ROOT, 'docs', `report-${name}.png`);
      expect(existsSync(kept), `${kept} is missing: run npm run screenshots`).toBe(true);
    }
  });
});
