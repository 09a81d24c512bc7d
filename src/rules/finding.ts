// Findings whose sentences are written when a format reads them (rules/types.ts, Sentence).
import type { Position } from '../inventory/types.js';
import type { PathSegment } from '../inventory/yamlSource.js';
import type { Finding, Sentence, Severity, Suppression } from './types.js';

/** A finding as the core makes it from a rule's draft: its sentences stay functions until read. */
export class RuleFinding implements Finding {
  suppression?: Suppression;

  constructor(
    readonly id: string,
    readonly rule: string,
    readonly severity: Severity,
    private readonly messageText: Sentence,
    private readonly remediationText: Sentence,
    readonly pos: Position,
    readonly path: PathSegment[],
    readonly events: string[],
    readonly dataSets: string[],
  ) {}

  get message(): string {
    return written(this.messageText);
  }

  get remediation(): string {
    return written(this.remediationText);
  }

  /** The same finding, suppressed; its sentences still unwritten. */
  suppressed(suppression: Suppression): RuleFinding {
    const copy = new RuleFinding(this.id, this.rule, this.severity, this.messageText, this.remediationText, this.pos, this.path, this.events, this.dataSets);
    copy.suppression = suppression;
    return copy;
  }
}

function written(sentence: Sentence): string {
  return typeof sentence === 'string' ? sentence : sentence();
}

/**
 * A finding with a suppression (a waiver, the baseline). Not `{ ...finding, suppression }`: a
 * spread copies only own properties, and a RuleFinding's sentences are read through its class.
 */
export function withSuppression(finding: Finding, suppression: Suppression): Finding {
  return finding instanceof RuleFinding ? finding.suppressed(suppression) : { ...finding, suppression };
}
