// Renders Markdown documents in headless Chromium the way a reader sees them: Markdown → HTML
// (marked, GFM), Mermaid blocks drawn by mermaid's own dist bundle from node_modules, then a
// screenshot. Reports, for every Mermaid block, whether it became an SVG or an error.
//
// Chromium is Debian's (`apt-get install -y chromium`), driven by playwright-core; nothing is
// downloaded. The page loads mermaid.min.js over file:// and nothing else; network is blocked.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
// marked comes with mermaid (which renders Markdown strings with it); GFM tables as GitHub has them.
import { marked } from 'marked';
import { chromium, type Browser } from 'playwright-core';
import { TOOLS } from '../support/tools.js';

export const CHROMIUM = TOOLS.chromium.path;

const require = createRequire(import.meta.url);
export const MERMAID_BUNDLE = join(require.resolve('mermaid/package.json'), '..', 'dist', 'mermaid.min.js');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface MermaidBlockResult {
  /** The block became an SVG diagram. */
  svg: boolean;
  /** mermaid.parse's error, or the error diagram's text; null when none. */
  error: string | null;
  /** Text of the rendered diagram (labels), to check that hostile text shows literally. */
  text: string;
  /** Where the diagram's text ended up on the page; null when no SVG was drawn. */
  layout: DiagramLayout | null;
}

/** A rectangle in page pixels. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** One text label of a rendered diagram: a node's, a cluster's (subgraph title) or an edge's. */
export interface LabelLayout {
  kind: 'node' | 'cluster' | 'edge';
  text: string;
  /** The union of the boxes of the label's rendered lines of text (what a reader sees, even where it spills). */
  box: Box;
  /** The foreignObject the text is drawn in: anything outside it is cut off. */
  frame: Box | null;
  /** The shape around it: the node's outline or the cluster's rectangle (edge labels have none). */
  container: Box | null;
}

export interface DiagramLayout {
  /** The SVG element on the page: text outside it is not seen. */
  viewport: Box;
  /** Page pixels per diagram unit: below 1 the diagram was shrunk to fit the page width. */
  scale: number;
  labels: LabelLayout[];
}

export interface RenderedPage {
  blocks: MermaidBlockResult[];
  /** The visible text of the whole page. */
  pageText: string;
  /** Every link's target. */
  links: string[];
  /** What the page tried to do that it must not: run script, open dialogs, load from the network. */
  violations: string[];
  screenshot?: string;
}

const STYLE = `
  body { font: 15px/1.5 "DejaVu Sans", "Liberation Sans", Helvetica, Arial, sans-serif; color: #1f2328;
         max-width: 1100px; margin: 24px auto; padding: 0 24px; background: #fff; }
  h1 { font-size: 1.8em; border-bottom: 1px solid #d1d9e0; padding-bottom: .3em; }
  h2 { font-size: 1.35em; border-bottom: 1px solid #d1d9e0; padding-bottom: .3em; margin-top: 1.6em; }
  table { border-collapse: collapse; margin: 12px 0; display: block; overflow: auto; }
  th, td { border: 1px solid #d1d9e0; padding: 6px 12px; vertical-align: top; }
  th { background: #f6f8fa; } tr:nth-child(2n) td { background: #f6f8fa; }
  code { font: 85% "DejaVu Sans Mono", monospace; background: #eff1f3; padding: .15em .35em; border-radius: 4px; }
  pre.mermaid { background: none; text-align: center; }
  li { margin: .25em 0; }
`;

function pageHtml(title: string, bodyHtml: string): string {
  return `<!doctype html>
<html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src file: 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src data:">
<title>${title.replace(/[<&]/g, '')}</title><style>${STYLE}</style>
<script src="${pathToFileURL(MERMAID_BUNDLE).href}"></script>
</head><body>${bodyHtml}</body></html>`;
}

/**
 * Runs in the page (plain JavaScript: the project's TypeScript has no DOM types): turns each
 * `<pre><code class="language-mermaid">` that marked produced into a Mermaid block, checks it
 * with mermaid.parse, renders it, and reports SVG, error and diagram text per block.
 */
const RENDER_MERMAID_BLOCKS = `(async () => {
  const boxOf = (r) => ({ x: r.left, y: r.top, w: r.width, h: r.height });
  const union = (rects) => {
    const list = rects.filter((r) => r.width > 0 && r.height > 0);
    if (list.length === 0) return null;
    const x = Math.min(...list.map((r) => r.left)), y = Math.min(...list.map((r) => r.top));
    const right = Math.max(...list.map((r) => r.right)), bottom = Math.max(...list.map((r) => r.bottom));
    return { x, y, w: right - x, h: bottom - y };
  };
  // The rendered lines of text of a label (a Range's rects per text node), not its element boxes:
  // text that spills out of a box that is too small still shows here, empty lines do not.
  const textBox = (el) => {
    const rects = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text !== null; text = walker.nextNode()) {
      if ((text.textContent || '').trim() === '') continue;
      const range = document.createRange();
      range.selectNodeContents(text);
      rects.push(...range.getClientRects());
    }
    return union(rects);
  };
  const layoutOf = (svg) => {
    const labels = [];
    const add = (kind, labelGroup, container) => {
      const text = (labelGroup.textContent || '').trim();
      if (text === '') return;
      const fo = labelGroup.querySelector('foreignObject');
      const box = textBox(fo || labelGroup);
      if (box === null) return;
      labels.push({ kind, text, box, frame: fo ? boxOf(fo.getBoundingClientRect()) : null, container });
    };
    for (const node of svg.querySelectorAll('g.node')) {
      const label = node.querySelector(':scope > g.label') || node.querySelector('g.label');
      if (!label) continue;
      const outline = union([...node.children].filter((c) => c !== label && !c.contains(label)).map((c) => c.getBoundingClientRect()));
      add('node', label, outline);
    }
    for (const cluster of svg.querySelectorAll('g.cluster')) {
      const label = cluster.querySelector(':scope > g.cluster-label');
      const rect = cluster.querySelector(':scope > rect');
      if (label) add('cluster', label, rect ? boxOf(rect.getBoundingClientRect()) : null);
    }
    for (const label of svg.querySelectorAll('g.edgeLabel')) add('edge', label, null);
    const viewBox = svg.viewBox && svg.viewBox.baseVal;
    const viewport = boxOf(svg.getBoundingClientRect());
    return { viewport, scale: viewBox && viewBox.width > 0 ? viewport.w / viewBox.width : 1, labels };
  };
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'default' });
  const out = [];
  for (const code of [...document.querySelectorAll('pre > code.language-mermaid')]) {
    const source = code.textContent || '';
    const holder = document.createElement('pre');
    holder.className = 'mermaid';
    holder.textContent = source;
    code.parentElement.replaceWith(holder);
    let error = null;
    try {
      await mermaid.parse(source);
      await mermaid.run({ nodes: [holder] });
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    const svg = holder.querySelector('svg');
    if (svg && svg.getAttribute('aria-roledescription') === 'error') error = error || svg.textContent || 'error diagram';
    out.push({ svg: svg !== null && error === null, error, text: svg ? svg.textContent || '' : '', layout: svg && error === null ? layoutOf(svg) : null });
  }
  return out;
})()`;

/** Run in the page after a document went in: markup that would run script if the Markdown let it through. */
const SCRIPTABLE_MARKUP = `[...document.body.querySelectorAll('*')].flatMap((el) => [
  ...(el.localName === 'script' ? ['script element: ' + el.outerHTML.slice(0, 80)] : []),
  ...[...el.attributes].filter((a) => /^on/i.test(a.name) || /^\\s*javascript:/i.test(a.value)).map((a) => 'scriptable attribute: ' + el.localName + ' ' + a.name + '=' + a.value.slice(0, 60)),
])`;

/**
 * Renders documents one after another in one page of one browser: mermaid's 3 MB bundle takes
 * about 2 s to load, so it loads once and each document replaces the page's body. A `<script>` put
 * in by innerHTML would not run, so the page is also searched for script elements, `on…`
 * attributes and `javascript:` links, any of which is a violation. Screenshots go to
 * `screenshotDir` when given.
 */
export async function renderMarkdown(
  docs: readonly { name: string; markdown: string }[],
  options: { screenshotDir?: string } = {},
): Promise<Map<string, RenderedPage>> {
  const dir = await mkdtemp(join(tmpdir(), 'bcaudit-render-'));
  let browser: Browser | undefined;
  const results = new Map<string, RenderedPage>();
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, deviceScaleFactor: 1, javaScriptEnabled: true });
    if (options.screenshotDir) await mkdir(options.screenshotDir, { recursive: true });
    const page = await context.newPage();
    let violations: string[] = [];
    page.on('dialog', (d) => {
      violations.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      violations.push(`request: ${url}`);
      return route.abort();
    });
    const shell = join(dir, 'shell.html');
    await writeFile(shell, pageHtml('bcaudit', ''));
    await page.goto(pathToFileURL(shell).href);
    for (const doc of docs) {
      violations = [];
      const html = await marked.parse(doc.markdown, { gfm: true, async: true });
      await page.evaluate(
        ({ title, body }) => {
          const page = globalThis as unknown as { __pwned?: unknown; document: { title: string; body: { innerHTML: string } }; scrollTo(x: number, y: number): void };
          delete page.__pwned;
          page.document.title = title;
          page.document.body.innerHTML = body;
          page.scrollTo(0, 0);
        },
        { title: doc.name, body: html },
      );
      const blocks = (await page.evaluate(RENDER_MERMAID_BLOCKS)) as MermaidBlockResult[];
      // After rendering, so that the diagrams' SVG is searched too.
      violations.push(...((await page.evaluate(SCRIPTABLE_MARKUP)) as string[]));
      const hijacked = await page.evaluate(() => (globalThis as unknown as { __pwned?: unknown }).__pwned);
      if (hijacked !== undefined) violations.push(`script ran: ${String(hijacked)}`);
      const pageText = (await page.evaluate('document.body.innerText')) as string;
      const links = (await page.evaluate('[...document.querySelectorAll("a")].map((a) => a.getAttribute("href") || "")')) as string[];
      const result: RenderedPage = { blocks, pageText, links, violations };
      if (options.screenshotDir) {
        result.screenshot = join(options.screenshotDir, `report-${doc.name}.png`);
        await page.screenshot({ path: result.screenshot, fullPage: true });
      }
      results.set(doc.name, result);
    }
    await page.close();
  } finally {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  }
  return results;
}
