// The importance lists of `check --format json` (per data set and over the critical data), written
// by a template: at 10k entities the generic writer spent 12 µs on each of 17k entries, more than
// the probability computation itself. Same bytes as jsonSafe(JSON.stringify(list, null, 2)) at that
// place (test/output-streaming.test.ts compares them).
import type { EventImportance } from '../model/lossFigures.js';
import { JsonArrayWriter, jsonNumber } from './jsonStream.js';
import type { NumberTexts } from './riskGroupsJson.js';

/** Entries per piece: pieces of some tens of kilobytes. */
const PER_PIECE = 128;

/** RRW is infinite when the loss needs the event; JSON has no Infinity, so that is null. */
function eventImportanceJson(i: EventImportance) {
  return {
    event: i.event,
    probability: i.probability,
    fussellVesely: i.fussellVesely,
    riskReductionWorth: Number.isFinite(i.riskReductionWorth) ? i.riskReductionWorth : null,
    lossWithout: i.lossWithout,
  };
}

/** One importance list as its JSON array of objects. */
export class ImportanceJson extends JsonArrayWriter {
  protected readonly perPiece = PER_PIECE;
  protected readonly length: number;
  /** An entry's first line up to its event, the start of each later member, its last line. */
  private open = '';
  private member = '';
  private close = '';

  constructor(
    private readonly list: readonly EventImportance[],
    /** An event id as JSON text (quoted, made safe). */
    private readonly quote: (event: string) => string,
    /** Event probabilities: few distinct values, remembered. */
    private readonly likelihoods: NumberTexts,
  ) {
    super();
    this.length = list.length;
  }

  protected override begin(entry: string): void {
    this.open = `{\n${entry}  "event": `;
    this.member = `,\n${entry}  `;
    this.close = `\n${entry}}`;
  }

  protected element(k: number, parts: string[], separator: string): void {
    const { open, member, close } = this;
    const i = this.list[k]!;
    // JSON.stringify writes finite numbers as String does, and Infinity (RRW) as null.
    parts.push(
      separator,
      open,
      this.quote(i.event),
      member,
      '"probability": ',
      this.likelihoods.text(i.probability),
      member,
      '"fussellVesely": ',
      jsonNumber(i.fussellVesely),
      member,
      '"riskReductionWorth": ',
      jsonNumber(i.riskReductionWorth),
      member,
      '"lossWithout": ',
      jsonNumber(i.lossWithout),
      close,
    );
  }

  toJSON() {
    return this.list.map(eventImportanceJson);
  }
}
