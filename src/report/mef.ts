// Open-PSA MEF export of the fault graph (DESIGN §3), readable by SCRAM and other fault-tree tools.
//
// MEF names are XML NCNames restricted further to `[^-.]+(-[^-.]+)*`: no dots, no leading,
// trailing or doubled hyphen, no leading digit. bcaudit ids contain `:` `/` `.` and may start
// with a digit, so every name is escaped with `_` as the escape character:
//   `_` -> `__`   `:` -> `_c`   `/` -> `_s`   `.` -> `_d`   `-` -> `-` between two letters or
//   digits, else `_h`   a leading digit d -> `_d`igit (`_0`..`_9`)   any other character ->
//   `_x<hex code point>_`.
// Letters and digits stand for themselves. The escaping is injective and `fromMefName`
// reverses it; the original id is also kept in each element's `<label>`.
import { reachableGates } from '../model/build.js';
import type { FaultGraph, Gate } from '../model/types.js';

const ALNUM = /^[A-Za-z0-9]$/;
const DIGIT = /^[0-9]$/;

const isAlnum = (ch: string | undefined): boolean => ch !== undefined && ALNUM.test(ch);

/** The MEF name of a bcaudit id (event or gate); injective, reversed by `fromMefName`. */
export function mefName(id: string): string {
  const chars = Array.from(id);
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (i === 0 && DIGIT.test(ch)) out += `_${ch}`;
    else if (isAlnum(ch)) out += ch;
    else if (ch === '_') out += '__';
    else if (ch === ':') out += '_c';
    else if (ch === '/') out += '_s';
    else if (ch === '.') out += '_d';
    else if (ch === '-') out += isAlnum(chars[i - 1]) && isAlnum(chars[i + 1]) ? '-' : '_h';
    else out += `_x${ch.codePointAt(0)!.toString(16)}_`;
  }
  // The empty id has no characters to escape; it gets a name of its own.
  return out === '' ? '_e' : out;
}

/** The bcaudit id a MEF name produced by `mefName` stands for; throws on a name it cannot produce. */
export function fromMefName(name: string): string {
  if (name === '_e') return '';
  let out = '';
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`not a bcaudit MEF name: '${name}' (${why} at ${i})`);
  };
  while (i < name.length) {
    const ch = name[i]!;
    if (ch !== '_') {
      if (ch !== '-' && !isAlnum(ch)) fail('unexpected character');
      out += ch;
      i++;
      continue;
    }
    const code = name[i + 1];
    switch (code) {
      case '_':
        out += '_';
        break;
      case 'c':
        out += ':';
        break;
      case 's':
        out += '/';
        break;
      case 'd':
        out += '.';
        break;
      case 'h':
        out += '-';
        break;
      case 'x': {
        const end = name.indexOf('_', i + 2);
        const hex = end < 0 ? '' : name.slice(i + 2, end);
        if (!/^[0-9a-f]+$/.test(hex)) fail('bad _x escape');
        out += String.fromCodePoint(parseInt(hex, 16));
        i = end + 1;
        continue;
      }
      default:
        if (code !== undefined && DIGIT.test(code) && i === 0) out += code;
        else fail('unknown escape');
    }
    i += 2;
  }
  return out;
}

/** Characters XML 1.0 cannot carry at all, even as references. */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Characters XML carries but a terminal showing the file would act on (carriage return, C1
 * controls, line/paragraph separators, bidirectional controls): written as character references.
 */
const TERMINAL_UNSAFE = /[\r\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Text or attribute value escaped for XML. */
export function xmlEscape(text: string): string {
  return text
    .replace(NOT_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(TERMINAL_UNSAFE, (ch) => `&#x${ch.charCodeAt(0).toString(16).toUpperCase()};`);
}

export interface MefOptions {
  /** Name of the model (the inventory's name); kept as its label; a slug of it names the fault tree. */
  name?: string;
  /**
   * A probability for every basic event (`<float value=.../>`). SCRAM's qualitative analysis (minimal cut
   * sets) does not need one; give one to run `scram --probability true`. Omitted by default: bcaudit
   * has no failure rates, and a made-up number would read like a measured one.
   */
  probability?: number;
  /**
   * Each basic event's own probability, by event id (the policy's likelihoods, DESIGN §3
   * "Likelihood"): `scram --bdd --probability 1 --importance 1` then recomputes bcaudit's loss
   * probabilities and importance. Takes precedence over `probability`.
   */
  eventProbability?: ReadonlyMap<string, number>;
  /** The policy the probabilities come from, named in a comment. */
  policy?: string;
}

/**
 * The fault graph as an Open-PSA MEF document: one fault tree, one top gate per data set
 * (`lost:<store>`), every gate defined, every basic event declared. Deterministic.
 */
export function toMef(graph: FaultGraph, opts: MefOptions = {}): string {
  const gateName = (g: number): string => mefName(graph.gates[g]!.id);
  const eventName = (e: number): string => mefName(graph.events[e]!.id);
  checkNames(graph);
  if (opts.probability !== undefined && !(opts.probability >= 0 && opts.probability <= 1)) {
    throw new RangeError(`a basic event probability must lie in [0, 1], not ${opts.probability}`);
  }

  const lines: string[] = [];
  lines.push('<?xml version="1.0" encoding="UTF-8"?>');
  lines.push('<!-- bcaudit fault graph. Names escape ids (_ is __, : is _c, / is _s, . is _d, - is _h where MEF needs it); labels hold the ids. -->');
  if (opts.eventProbability !== undefined) {
    const source = opts.policy === undefined ? '' : ` of policy ${xmlEscape(opts.policy).replace(/-(?=-)/g, '- ')}`;
    lines.push(`<!-- Probabilities are annual likelihoods${source}: assumptions, not measurements (docs/likelihood.md). -->`);
  }
  lines.push('<opsa-mef>');
  const treeName = treeNameOf(opts.name);
  lines.push(`  <define-fault-tree name="${treeName}">`);
  if (opts.name !== undefined && opts.name !== '') lines.push(`    <label>${xmlEscape(opts.name)}</label>`);

  // Top gates first, in data set order; then every other gate top-down (reverse topological order).
  const order: number[] = [];
  const placed = new Set<number>();
  for (const ds of graph.dataSets) {
    if (!placed.has(ds.gate)) {
      placed.add(ds.gate);
      order.push(ds.gate);
    }
  }
  // Only what some data set depends on: any other gate would be one more top event to SCRAM.
  const reachable = reachableGates(graph);
  for (let g = graph.gates.length - 1; g >= 0; g--) if (!placed.has(g) && reachable[g]) order.push(g);

  for (const g of order) {
    const gate = graph.gates[g]!;
    lines.push(`    <define-gate name="${gateName(g)}">`);
    lines.push(`      <label>${xmlEscape(gate.id)}</label>`);
    lines.push(...formula(gate, eventName, gateName).map((l) => `      ${l}`));
    lines.push('    </define-gate>');
  }
  lines.push('  </define-fault-tree>');

  lines.push('  <model-data>');
  for (const event of graph.events) {
    lines.push(`    <define-basic-event name="${eventName(event.index)}">`);
    lines.push(`      <label>${xmlEscape(event.id)}</label>`);
    const p = opts.eventProbability?.get(event.id) ?? opts.probability;
    if (p !== undefined) {
      if (!(p >= 0 && p <= 1)) throw new RangeError(`a basic event probability must lie in [0, 1], not ${p} (${event.id})`);
      lines.push(`      <float value="${p}"/>`);
    }
    lines.push('    </define-basic-event>');
  }
  lines.push('  </model-data>');
  lines.push('</opsa-mef>');
  return lines.join('\n') + '\n';
}

/**
 * A gate's formula. MEF's `and`/`or` need two or more arguments (SCRAM rejects fewer), so a gate
 * with one input is written as that input alone (a pass-through gate), and a gate with none as
 * the constant it stands for (an empty OR never fails, an empty AND always does).
 */
function formula(gate: Gate, eventName: (e: number) => string, gateName: (g: number) => string): string[] {
  const args = [
    ...gate.events.map((e) => `<basic-event name="${eventName(e)}"/>`),
    ...gate.gates.map((g) => `<gate name="${gateName(g)}"/>`),
  ];
  if (args.length === 0) return [`<constant value="${gate.op === 'and' ? 'true' : 'false'}"/>`];
  if (args.length === 1) return args;
  return [`<${gate.op}>`, ...args.map((a) => `  ${a}`), `</${gate.op}>`];
}

/** A readable fault-tree name from the inventory's name (`Raisup production` -> `Raisup-production`); the label keeps the name itself. */
function treeNameOf(name: string | undefined): string {
  const slug = (name ?? '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug === '') return 'bcaudit';
  return /^[0-9]/.test(slug) ? `bcaudit-${slug}` : slug;
}

/** Gates and basic events share one name space in MEF; bcaudit's id schemes never collide, but check. */
function checkNames(graph: FaultGraph): void {
  const seen = new Map<string, string>();
  for (const id of [...graph.events.map((e) => e.id), ...graph.gates.map((g) => g.id)]) {
    const name = mefName(id);
    const other = seen.get(name);
    if (other !== undefined && other !== id) throw new Error(`MEF name clash: '${other}' and '${id}'`);
    if (other === id) throw new Error(`MEF name clash: '${id}' is both a gate and a basic event`);
    seen.set(name, id);
  }
}
