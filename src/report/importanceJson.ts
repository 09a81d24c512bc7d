// The importance lists of `check --format json` (per data set and over the critical data), written
// by a template: at 10k entities the generic writer spent 12 µs on each of 17k entries, more than
// the probability computation itself. Same bytes as jsonSafe(JSON.stringify(list, null, 2)) at that
// place (test/output-streaming.test.ts compares them).
import type { EventImportance } from '../model/lossFigures.js';
import { JsonWriter } from './jsonStream.js';
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
export class ImportanceJson extends JsonWriter {
  constructor(
    private readonly list: readonly EventImportance[],
    /** An event id as JSON text (quoted, made safe). */
    private readonly quote: (event: string) => string,
    /** Event probabilities: few distinct values, remembered. */
    private readonly likelihoods: NumberTexts,
  ) {
    super();
  }

  *pieces(indent: string): Generator<string> {
    const n = this.list.length;
    if (n === 0) {
      yield '[]';
      return;
    }
    const entry = `${indent}  `;
    const member = `,\n${entry}  `;
    const open = `{\n${entry}  "event": `;
    const close = `\n${entry}}`;
    const parts: string[] = [`[\n${entry}`];
    for (let k = 0; k < n; k++) {
      if (k > 0) {
        if (k % PER_PIECE === 0) {
          yield parts.join('');
          parts.length = 0;
        }
        parts.push(`,\n${entry}`);
      }
      const i = this.list[k]!;
      // JSON.stringify writes finite numbers as String does, and Infinity (RRW) as null.
      parts.push(
        open,
        this.quote(i.event),
        member,
        '"probability": ',
        this.likelihoods.text(i.probability),
        member,
        '"fussellVesely": ',
        numberText(i.fussellVesely),
        member,
        '"riskReductionWorth": ',
        numberText(i.riskReductionWorth),
        member,
        '"lossWithout": ',
        numberText(i.lossWithout),
        close,
      );
    }
    parts.push(`\n${indent}]`);
    yield parts.join('');
  }

  toJSON() {
    return this.list.map(eventImportanceJson);
  }
}

function numberText(x: number): string {
  return Number.isFinite(x) ? String(x) : 'null';
}
