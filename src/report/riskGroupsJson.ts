// Risk groups in `check --format json`, written straight from their packed form (issue 16): no
// array of ids per group and no JSON.stringify over a million small arrays. Each event id is
// quoted once per document, and a group's text is a few of those strings joined. The bytes are
// those of jsonSafe(JSON.stringify(groups, null, 2)) at the same place (test/output-streaming.test.ts).
import type { DataSetRiskGroups } from '../model/types.js';
import { JsonArrayWriter, jsonNumber } from './jsonStream.js';
import { jsonSafe } from './sanitize.js';

/** Groups (or numbers) per piece: pieces of some tens of kilobytes. */
const PER_PIECE = 1024;

/** The event ids of one fault graph as JSON text, each quoted once for all data sets. */
export class QuotedEvents {
  private readonly quoted: (string | undefined)[] = [];
  /** Per indent of the events: each event as a group's first line, and as a later line. */
  private readonly lines = new Map<string, { first: (string | undefined)[]; next: (string | undefined)[] }>();

  constructor(private readonly ids: readonly string[]) {}

  /** Event e as a JSON string. */
  quote(e: number): string {
    return (this.quoted[e] ??= jsonSafe(JSON.stringify(this.ids[e]!)));
  }

  /** Lines of events at `indent`, filled as events are first written. */
  at(indent: string): { first: (string | undefined)[]; next: (string | undefined)[] } {
    let lines = this.lines.get(indent);
    if (lines === undefined) {
      lines = { first: [], next: [] };
      this.lines.set(indent, lines);
    }
    return lines;
  }
}

/** The first `count` groups of a data set, as the JSON array of arrays of event ids. */
export class RiskGroupsJson extends JsonArrayWriter {
  protected readonly perPiece = PER_PIECE;
  /** Each event's line at the indent being written (QuotedEvents.at), and a group's last line. */
  private lines: { first: (string | undefined)[]; next: (string | undefined)[] } = { first: [], next: [] };
  private eventIndent = '';
  private close = '';

  constructor(
    private readonly groups: DataSetRiskGroups,
    protected readonly length: number,
    private readonly events: QuotedEvents,
  ) {
    super();
  }

  protected override begin(groupIndent: string): void {
    this.eventIndent = `${groupIndent}  `;
    this.lines = this.events.at(this.eventIndent);
    this.close = `\n${groupIndent}]`;
  }

  protected element(i: number, parts: string[], separator: string): void {
    parts.push(separator);
    const { first, next } = this.lines;
    const eventIndent = this.eventIndent;
    const { events, offsets } = this.groups;
    const start = offsets[i]!;
    const end = offsets[i + 1]!;
    const e0 = events[start]!;
    parts.push((first[e0] ??= `[\n${eventIndent}${this.events.quote(e0)}`));
    for (let k = start + 1; k < end; k++) {
      const e = events[k]!;
      parts.push((next[e] ??= `,\n${eventIndent}${this.events.quote(e)}`));
    }
    parts.push(this.close);
  }

  toJSON(): string[][] {
    return Array.from({ length: this.length }, (_, i) => this.groups.group(i));
  }
}

/**
 * Numbers as JSON text, remembered: formatting a double is the costly part of writing a group's
 * probability, and a document has few distinct ones (products of a few classes' likelihoods: 65
 * among 1.4 million groups in the isolated benchmark at 10k entities). Bounded, for documents where
 * they are all different.
 */
export class NumberTexts {
  private readonly texts = new Map<number, string>();
  private readonly afters = new Map<string, NumberTexts>();

  /** `prefix`: what each text starts with (after()). */
  constructor(private readonly prefix = '') {}

  text(x: number): string {
    let text = this.texts.get(x);
    if (text === undefined) {
      text = this.prefix + jsonNumber(x);
      if (this.texts.size >= 1 << 14) this.texts.clear();
      this.texts.set(x, text);
    }
    return text;
  }

  /** The texts after `separator` (one per indent of an array's elements), remembered alike. */
  after(separator: string): NumberTexts {
    let after = this.afters.get(separator);
    if (after === undefined) {
      after = new NumberTexts(this.prefix + separator);
      this.afters.set(separator, after);
    }
    return after;
  }
}

/** A long array of numbers (each group's probability), one per line as JSON.stringify writes them. */
export class NumbersJson extends JsonArrayWriter {
  protected readonly perPiece = PER_PIECE;
  protected readonly length: number;

  constructor(
    private readonly numbers: readonly number[],
    private readonly texts: NumberTexts = new NumberTexts(),
  ) {
    super();
    this.length = numbers.length;
    this.separated = texts;
  }

  /** The numbers' texts after the separator between elements at the indent being written. */
  private separated: NumberTexts;

  protected override begin(elementIndent: string): void {
    this.separated = this.texts.after(`,\n${elementIndent}`);
  }

  protected element(i: number, parts: string[], separator: string): void {
    // Numbers are most of a document with likelihoods: one remembered string per element.
    parts.push(separator === '' ? this.texts.text(this.numbers[i]!) : this.separated.text(this.numbers[i]!));
  }

  toJSON(): number[] {
    return [...this.numbers];
  }
}
