// Runs SCRAM (Debian's `scram`, 0.16.2) on MEF models and reads back its minimal cut sets.
//
// Start-up costs ~30 ms per run, so `scramBatch` merges many models into one MEF file: every name
// of model i is prefixed `m<i>_` (MEF names are global across fault trees), SCRAM reports each
// top gate separately, and the prefix tells the results apart again.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromMefName } from '../../src/report/mef.js';
import { TOOLS } from './tools.js';

export const SCRAM = TOOLS.scram.path;

/** Minimal cut sets per top gate: ids (unescaped), each set sorted, the list sorted by size then elements. */
export type CutSets = Map<string, string[][]>;

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Size first, then element by element: the order of DESIGN §5 and computeRiskGroups. */
export function compareSets(a: readonly string[], b: readonly string[]): number {
  if (a.length !== b.length) return a.length - b.length;
  for (let i = 0; i < a.length; i++) {
    const c = compareStrings(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return 0;
}

function run(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(SCRAM, args, { cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

/** Runs SCRAM on one MEF document with `--limit-order K`; the raw XML report. */
export async function scramReport(mef: string, limitOrder: number): Promise<string> {
  return scramReportWith(mef, ['--limit-order', String(limitOrder)]);
}

/** Runs SCRAM on one MEF document with the given analysis options; the raw XML report. */
export async function scramReportWith(mef: string, options: readonly string[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bcaudit-scram-'));
  try {
    const model = join(dir, 'model.xml');
    const out = join(dir, 'out.xml');
    await writeFile(model, mef);
    const res = await run([...options, '--no-indent', '-o', out, model], dir);
    if (res.code !== 0) {
      throw new Error(`scram exited with ${res.code}: ${(res.stderr + res.stdout).trim()}\n--- model ---\n${mef}`);
    }
    return await readFile(out, 'utf8');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const decodeXml = (s: string): string =>
  s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_m, e: string) => {
    switch (e) {
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'amp':
        return '&';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      default:
        return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    }
  });

/**
 * Parses SCRAM's report: `<sum-of-products name=TOP ...>` with `<product order=n>` children holding
 * `<basic-event name=E/>`. `rename` maps report names to ids (default: fromMefName). Anything else
 * inside a product (negations, house events) is unexpected for a coherent model and throws.
 */
export function parseScramReport(xml: string, rename: (name: string) => string = fromMefName): CutSets {
  const result: CutSets = new Map();
  const results = /<results>([\s\S]*)<\/results>/.exec(xml);
  if (!results) {
    if (/<results\s*\/>/.test(xml)) return result;
    throw new Error(`no <results> in SCRAM report:\n${xml.slice(0, 2000)}`);
  }
  const sop = /<sum-of-products\b([^>]*?)(\/>|>([\s\S]*?)<\/sum-of-products>)/g;
  for (const m of results[1]!.matchAll(sop)) {
    const name = attr(m[1]!, 'name');
    const sets: string[][] = [];
    const body = m[3] ?? '';
    const productRe = /<product\b([^>]*?)(\/>|>([\s\S]*?)<\/product>)/g;
    for (const p of body.matchAll(productRe)) {
      const inner = p[3] ?? '';
      const events = [...inner.matchAll(/<basic-event name="([^"]*)"\s*\/>/g)].map((e) => rename(decodeXml(e[1]!)));
      const rest = inner.replace(/<basic-event name="([^"]*)"\s*\/>/g, '').trim();
      if (rest !== '') throw new Error(`unexpected product content in SCRAM report: ${rest}`);
      const order = Number(attr(p[1]!, 'order'));
      if (order !== events.length) throw new Error(`product of order ${order} lists ${events.length} events`);
      sets.push(events.sort(compareStrings));
    }
    const declared = /\bproducts="(\d+)"/.exec(m[1]!);
    if (declared && Number(declared[1]) !== sets.length) {
      throw new Error(`sum-of-products ${name} declares ${declared[1]} products, lists ${sets.length}`);
    }
    sets.sort(compareSets);
    result.set(rename(decodeXml(name)), sets);
  }
  return result;
}

function attr(attrs: string, name: string): string {
  const m = new RegExp(`\\b${name}="([^"]*)"`).exec(attrs);
  if (!m) throw new Error(`missing attribute ${name} in <${attrs}>`);
  return m[1]!;
}

/** Minimal cut sets of every top gate of one MEF model, up to `limitOrder` events. */
export async function scramCutSets(mef: string, limitOrder: number): Promise<CutSets> {
  return parseScramReport(await scramReport(mef, limitOrder));
}

/** The body of an `<opsa-mef>` document, with every `name="…"` attribute prefixed. */
function prefixedBody(mef: string, prefix: string): string {
  const m = /<opsa-mef\b[^>]*>([\s\S]*)<\/opsa-mef>/.exec(mef);
  if (!m) throw new Error('not an <opsa-mef> document');
  return m[1]!.replace(/<!--[\s\S]*?-->/g, '').replace(/\bname="([^"]*)"/g, (_all, n: string) => `name="${prefix}${n}"`);
}

/** One MEF document holding many models, every name of model i prefixed `m<i>_`. */
function batchDocument(mefs: readonly string[]): string {
  return '<?xml version="1.0" encoding="UTF-8"?>\n<opsa-mef>\n' + mefs.map((mef, i) => prefixedBody(mef, `m${i}_`)).join('\n') + '\n</opsa-mef>\n';
}

/** Model number and name of a name in a batched report. */
function unprefix(name: string): [number, string] {
  const m = /^m(\d+)_([\s\S]*)$/.exec(name);
  if (!m) throw new Error(`unprefixed name in batched SCRAM report: ${name}`);
  return [Number(m[1]), m[2]!];
}

/** SCRAM's importance figures of one basic event (6 significant digits). */
export interface ScramImportance {
  probability: number;
  /** Birnbaum. */
  mif: number;
  /** P(event | top): what SCRAM calls the Fussell-Vesely diagnosis importance factor. */
  dif: number;
  /** Risk reduction worth; SCRAM prints 0 where it is infinite. */
  rrw: number;
}

/** Per top gate (unescaped id): its probability and each basic event's importance. */
export type ScramQuantities = Map<string, { probability: number; importance: Map<string, ScramImportance> }>;

/**
 * Probabilities and importance of every top gate of many MEF models (with `<float>` per basic
 * event) in one `scram --bdd --probability 1 --importance 1` run; one map per model. SCRAM
 * computes the figures on the BDD, but lists only events of the products up to `limitOrder`.
 */
export async function scramProbabilityBatch(mefs: readonly string[], limitOrder?: number): Promise<ScramQuantities[]> {
  const results: ScramQuantities[] = mefs.map(() => new Map());
  if (mefs.length === 0) return results;
  const limit = limitOrder === undefined ? [] : ['--limit-order', String(limitOrder)];
  const xml = await scramReportWith(batchDocument(mefs), ['--bdd', '--probability', '1', '--importance', '1', ...limit]);
  const entry = (top: string) => {
    const [i, name] = unprefix(decodeXml(top));
    const model = results[i];
    if (!model) throw new Error(`SCRAM reported a top gate of unknown model ${i}`);
    const id = fromMefName(name);
    if (!model.has(id)) model.set(id, { probability: NaN, importance: new Map() });
    return { i, quantities: model.get(id)! };
  };
  for (const m of xml.matchAll(/<sum-of-products\s([^>]*?)\/?>/g)) entry(attr(m[1]!, 'name')).quantities.probability = Number(attr(m[1]!, 'probability'));
  for (const m of xml.matchAll(/<importance\s([^>]*?)(\/>|>([\s\S]*?)<\/importance>)/g)) {
    const { i, quantities } = entry(attr(m[1]!, 'name'));
    for (const e of (m[3] ?? '').matchAll(/<basic-event\b([^>]*?)\/>/g)) {
      const [j, name] = unprefix(decodeXml(attr(e[1]!, 'name')));
      if (j !== i) throw new Error(`importance of model ${i} names an event of model ${j}`);
      quantities.importance.set(fromMefName(name), {
        probability: Number(attr(e[1]!, 'probability')),
        mif: Number(attr(e[1]!, 'MIF')),
        dif: Number(attr(e[1]!, 'DIF')),
        rrw: Number(attr(e[1]!, 'RRW')),
      });
    }
  }
  return results;
}

/**
 * Minimal cut sets of many MEF models (as produced by toMef) in one SCRAM run, all with the same
 * limit order; one map per model, keyed by unescaped top gate id.
 */
export async function scramBatch(mefs: readonly string[], limitOrder: number): Promise<CutSets[]> {
  if (mefs.length === 0) return [];
  const xml = await scramReport(batchDocument(mefs), limitOrder);
  const results: CutSets[] = mefs.map(() => new Map());
  const raw = parseScramReport(xml, (n) => n);
  for (const [top, sets] of raw) {
    const [i, name] = unprefix(top);
    const target = results[i];
    if (!target) throw new Error(`SCRAM reported a top gate of unknown model ${i}`);
    target.set(
      fromMefName(name),
      sets
        .map((set) =>
          set
            .map((e) => {
              const [j, en] = unprefix(e);
              if (j !== i) throw new Error(`cut set of model ${i} names an event of model ${j}`);
              return fromMefName(en);
            })
            .sort(compareStrings),
        )
        .sort(compareSets),
    );
  }
  return results;
}

/** Runs tasks with at most `concurrency` at a time (SCRAM runs are single-threaded). */
export async function pool<T>(tasks: (() => Promise<T>)[], concurrency: number): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker));
  return results;
}
