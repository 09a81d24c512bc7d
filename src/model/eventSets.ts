// Lists of small event sets packed in typed arrays, and the two operations the risk-group
// computation spends its time in: keeping the minimal sets of a list, and sorting a family.
//
// Events are small integers (FaultGraph.events indices). A set is its events in ascending order,
// `stride` slots wide (the order bound), so a list of a million sets is three typed arrays, not
// a million objects; nothing here allocates per set.

/** Sets of at most `stride` events, appended one after the other. */
export class SetList {
  elems: Int32Array;
  sizes: Uint8Array;
  /** Per set: 1 when it may be a duplicate or a superset of another set of the list (see minimiseInto). */
  suspect: Uint8Array;
  count = 0;

  constructor(
    readonly stride: number,
    capacity = 64,
  ) {
    this.elems = new Int32Array(capacity * stride);
    this.sizes = new Uint8Array(capacity);
    this.suspect = new Uint8Array(capacity);
  }

  /** Makes room for `more` sets after the last one. */
  reserve(more: number): void {
    const need = this.count + more;
    if (need <= this.sizes.length) return;
    let capacity = this.sizes.length * 2;
    while (capacity < need) capacity *= 2;
    const elems = new Int32Array(capacity * this.stride);
    elems.set(this.elems);
    const sizes = new Uint8Array(capacity);
    sizes.set(this.sizes);
    const suspect = new Uint8Array(capacity);
    suspect.set(this.suspect);
    this.elems = elems;
    this.sizes = sizes;
    this.suspect = suspect;
  }

  /** Appends {event}. */
  pushSingle(event: number, suspect: number): void {
    this.reserve(1);
    const n = this.count++;
    this.elems[n * this.stride] = event;
    this.sizes[n] = 1;
    this.suspect[n] = suspect;
  }

  /** Appends sets start..start+count-1 of `from` (same stride), marked `suspect` or not. */
  append(from: SetList, start: number, count: number, suspect: number): void {
    this.reserve(count);
    const s = this.stride;
    if (count < 16) {
      // Plain loops: most families are a few sets, and a subarray is an object per call.
      const src = from.elems;
      const dst = this.elems;
      for (let k = start * s, o = this.count * s, end = (start + count) * s; k < end; k++, o++) dst[o] = src[k]!;
      for (let i = 0; i < count; i++) this.sizes[this.count + i] = from.sizes[start + i]!;
    } else {
      this.elems.set(from.elems.subarray(start * s, (start + count) * s), this.count * s);
      this.sizes.set(from.sizes.subarray(start, start + count), this.count);
    }
    this.suspect.fill(suspect, this.count, this.count + count);
    this.count += count;
  }

  /** Appends set `i` of `from` (same stride). */
  copy(from: SetList, i: number, suspect: number): number {
    this.reserve(1);
    const n = this.count++;
    const s = this.stride;
    const size = from.sizes[i]!;
    const src = from.elems;
    const dst = this.elems;
    for (let k = 0, o = i * s, p = n * s; k < size; k++) dst[p + k] = src[o + k]!;
    this.sizes[n] = size;
    this.suspect[n] = suspect;
    return n;
  }

  /**
   * Appends the union of set `i` of `a` and set `j` of `b` (same stride) when it has at most
   * `bound` events; returns whether it did. The caller has reserved room for it.
   */
  pushUnion(a: SetList, i: number, b: SetList, j: number, bound: number, suspect: number): boolean {
    const s = this.stride;
    const ea = a.elems;
    const eb = b.elems;
    const out = this.elems;
    let x = i * s;
    let y = j * s;
    const xEnd = x + a.sizes[i]!;
    const yEnd = y + b.sizes[j]!;
    const base = this.count * s;
    let n = 0;
    while (x < xEnd || y < yEnd) {
      if (n === bound) return false;
      const u = x < xEnd ? ea[x]! : 0x7fffffff;
      const v = y < yEnd ? eb[y]! : 0x7fffffff;
      if (u <= v) {
        out[base + n++] = u;
        x++;
        if (u === v) y++;
      } else {
        out[base + n++] = v;
        y++;
      }
    }
    this.sizes[this.count] = n;
    this.suspect[this.count] = suspect;
    this.count++;
    return true;
  }

  /** The events of set `i`, as a new array (for tests and small results, not the hot loop). */
  set(i: number): number[] {
    return Array.from(this.elems.subarray(i * this.stride, i * this.stride + this.sizes[i]!));
  }
}

/** Whether set `i` of `a` is a subset of set `j` of `b` (both sorted). */
export function isSubset(a: SetList, i: number, b: SetList, j: number): boolean {
  const na = a.sizes[i]!;
  const nb = b.sizes[j]!;
  if (na > nb) return false;
  const ea = a.elems;
  const eb = b.elems;
  let x = i * a.stride;
  let y = j * b.stride;
  const xEnd = x + na;
  const yEnd = y + nb;
  while (x < xEnd) {
    const u = ea[x]!;
    while (y < yEnd && eb[y]! < u) y++;
    if (y === yEnd || eb[y] !== u) return false;
    x++;
    y++;
  }
  return true;
}

/** Bits set in each mask of up to 5 bits (subsets of a set of at most MAX_ORDER events). */
const POPCOUNT = Uint8Array.from({ length: 32 }, (_, m) => ((m & 1) + ((m >> 1) & 1) + ((m >> 2) & 1) + ((m >> 3) & 1) + ((m >> 4) & 1)));

function hashStep(h: number, e: number): number {
  return Math.imul(h ^ e, 0x9e3779b1) ^ (h >>> 15);
}

/**
 * An open-addressing hash index over the sets of one SetList, for "is this set, or a subset of
 * it, in the list". Slots hold set numbers; `generation` empties it in O(1) between uses.
 */
export class SetIndex {
  private slots = new Int32Array(1024);
  private stamps = new Int32Array(1024);
  private mask = 1023;
  private generation = 1;
  /** Sizes present in the index, one bit per size. */
  sizesPresent = 0;
  private readonly query = new Int32Array(8);

  /** Empties the index, with room for `count` sets at load ≤ 1/2. */
  reset(count: number): void {
    let capacity = this.slots.length;
    while (capacity < count * 2) capacity *= 2;
    if (capacity !== this.slots.length) {
      this.slots = new Int32Array(capacity);
      this.stamps = new Int32Array(capacity);
      this.mask = capacity - 1;
      this.generation = 0;
    }
    this.generation++;
    this.sizesPresent = 0;
  }

  /** Adds set `i` of `list` (the list every later query is answered from). */
  add(list: SetList, i: number): void {
    const size = list.sizes[i]!;
    const base = i * list.stride;
    let h = size;
    for (let k = 0; k < size; k++) h = hashStep(h, list.elems[base + k]!);
    let slot = h & this.mask;
    while (this.stamps[slot] === this.generation) slot = (slot + 1) & this.mask;
    this.stamps[slot] = this.generation;
    this.slots[slot] = i;
    this.sizesPresent |= 1 << size;
  }

  /** Whether the index holds set `i` of `from` or a subset of it. */
  hasSubsetOf(from: SetList, i: number, list: SetList): boolean {
    const size = from.sizes[i]!;
    const base = i * from.stride;
    const full = (1 << size) - 1;
    const q = this.query;
    for (let m = 1; m <= full; m++) {
      const n = POPCOUNT[m]!;
      if ((this.sizesPresent & (1 << n)) === 0) continue;
      let k = 0;
      for (let bit = 0; bit < size; bit++) if (m & (1 << bit)) q[k++] = from.elems[base + bit]!;
      if (this.holds(q, n, list)) return true;
    }
    return false;
  }

  /** Whether the index holds the set q[0..n-1]. */
  private holds(q: Int32Array, n: number, list: SetList): boolean {
    let h = n;
    for (let k = 0; k < n; k++) h = hashStep(h, q[k]!);
    const stride = list.stride;
    for (let slot = h & this.mask; this.stamps[slot] === this.generation; slot = (slot + 1) & this.mask) {
      const j = this.slots[slot]!;
      if (list.sizes[j] !== n) continue;
      const base = j * stride;
      let k = 0;
      while (k < n && list.elems[base + k] === q[k]) k++;
      if (k === n) return true;
    }
    return false;
  }
}

/**
 * Appends to `to` the minimal sets of `from`: those with no proper subset in `from`, each once.
 * Sets not marked suspect are known to be minimal and unlike every other set (the caller proved
 * it), so only the suspect ones are looked up; every kept set is indexed, smallest first.
 */
export function minimiseInto(from: SetList, to: SetList, index: SetIndex, order: Int32Array): void {
  const n = from.count;
  // Counting sort by size: a subset is always kept (and indexed) before its supersets are tested.
  const starts = new Int32Array(from.stride + 2);
  for (let i = 0; i < n; i++) starts[from.sizes[i]! + 1]!++;
  for (let s = 1; s < starts.length; s++) starts[s]! += starts[s - 1]!;
  for (let i = 0; i < n; i++) order[starts[from.sizes[i]!]!++] = i;
  index.reset(n);
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    if (from.suspect[i] === 1 && index.hasSubsetOf(from, i, to)) continue;
    index.add(to, to.copy(from, i, 0));
  }
}

/** Sort keys, reused from family to family. */
let keyScratch = new Float64Array(1024);

/**
 * Writes the sets start..start+count-1 of `list` in DESIGN §5 order (by size, then element by
 * element) into `events`, one after the other, set k ending at offsets[k + 1] (offsets[0] is 0).
 * No callback or array per set: a data set can have hundreds of thousands.
 */
export function sortInto(list: SetList, start: number, count: number, eventCount: number, events: Int32Array, offsets: Int32Array): void {
  const s = list.stride;
  const { elems, sizes } = list;
  const end = start + count;
  const bits = Math.max(1, Math.ceil(Math.log2(eventCount + 1)));
  const scale = 2 ** bits;
  const inverse = 1 / scale;
  if (keyScratch.length < count) keyScratch = new Float64Array(2 * count);
  let at = 0;
  let written = 0;
  offsets[0] = 0;
  for (let size = 1; size <= s; size++) {
    if (size * bits <= 52) {
      // Each set as one number whose order is the set's order: a native numeric sort, no comparator.
      let n = 0;
      for (let i = start; i < end; i++) {
        if (sizes[i] !== size) continue;
        let key = 0;
        for (let e = 0, o = i * s; e < size; e++) key = key * scale + elems[o + e]!;
        keyScratch[n++] = key;
      }
      if (n === 0) continue;
      const keys = keyScratch.subarray(0, n).sort();
      for (let k = 0; k < n; k++) {
        let key = keys[k]!;
        for (let e = at + size - 1; e >= at; e--) {
          const high = Math.floor(key * inverse);
          events[e] = key - high * scale;
          key = high;
        }
        at += size;
        offsets[++written] = at;
      }
    } else {
      const sets: number[] = [];
      for (let i = start; i < end; i++) if (sizes[i] === size) sets.push(i);
      sets.sort((x, y) => {
        for (let e = 0; e < size; e++) {
          const d = elems[x * s + e]! - elems[y * s + e]!;
          if (d !== 0) return d;
        }
        return 0;
      });
      for (const i of sets) {
        for (let e = 0; e < size; e++) events[at + e] = elems[i * s + e]!;
        at += size;
        offsets[++written] = at;
      }
    }
  }
}
