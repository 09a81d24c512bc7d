// The fault graph of DESIGN §3: basic events, and gates over them and over each other.

export type EventKind =
  | 'provider'
  | 'account'
  | 'billing'
  | 'region'
  | 'site'
  | 'service'
  | 'identity-lost'
  | 'identity-compromised'
  | 'key'
  | 'store'
  | 'target'
  | 'backup';

export interface BasicEvent {
  /** Dense index, the event's number inside every computation. */
  index: number;
  /** Stable id used in findings and JSON, e.g. `account:do-main`, `identity:founder:lost`. */
  id: string;
  kind: EventKind;
  /** The entity id the event belongs to; for regions `provider/region`, for sites the site name. */
  subject: string;
}

export type GateOp = 'or' | 'and';

export interface Gate {
  index: number;
  /** Stable id, e.g. `account-fails:do-main`, `copy:nightly`, `lost:customer-db`. */
  id: string;
  op: GateOp;
  /** Inputs that are basic events (indices into FaultGraph.events). */
  events: number[];
  /** Inputs that are gates (indices into FaultGraph.gates); always built before this gate. */
  gates: number[];
}

export interface DataSet {
  /** The store id. */
  id: string;
  /** The gate whose failure loses the data set. */
  gate: number;
  /** The gate of the primary copy. */
  primary: number;
  /** One gate per backup copy, in inventory order. */
  copies: { backup: string; gate: number }[];
}

/** What the failure of an entity is: a basic event, or a gate. */
export type FailureRef = { event: number } | { gate: number };

export interface FaultGraph {
  /** Numbered in the order of their ids as strings (so sorted index sets are sorted id lists). */
  events: BasicEvent[];
  /** Topologically ordered: every gate's inputs come before it. */
  gates: Gate[];
  eventIndex: Map<string, number>;
  gateIndex: Map<string, number>;
  dataSets: DataSet[];
  /**
   * The failure of every entity of the inventory, by id, as `depends_on` reads it: a provider,
   * billing method or identity (lost) is its event; anything else its gate, or its bare event when
   * nothing else can fail it. Gates of entities no data set depends on are in the graph too.
   */
  failureOf: Map<string, FailureRef>;
}

/**
 * Minimal risk groups of one data set, sorted by size then element by element, packed: a data set
 * can have hundreds of thousands of groups, so they are two typed arrays, not an array per group.
 */
export interface DataSetRiskGroups {
  id: string;
  /** Size of the smallest group, or null when none exists up to the bound. */
  independence: number | null;
  /** How many groups. */
  readonly count: number;
  /** Every group's events (FaultGraph.events indices, ascending), one group after the other. */
  readonly events: Int32Array;
  /** Group i is events[offsets[i]] up to, not including, events[offsets[i + 1]]. */
  readonly offsets: Int32Array;
  /** How many events group i has. */
  sizeOf(i: number): number;
  /** Group i as event ids, sorted (a new array). */
  group(i: number): string[];
  /** Every group as event ids, built on first use; reading many groups, prefer `group` or `events`. */
  readonly groups: string[][];
}
