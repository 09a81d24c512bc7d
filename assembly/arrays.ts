// Helpers the WebAssembly modules share: growing arrays and a stable sort.

/** A new array of `length` entries with the first `used` of `array` copied in (the rest zero). */
export function copyOf<T>(array: StaticArray<T>, used: i32, length: i32): StaticArray<T> {
  const bigger = new StaticArray<T>(length);
  memory.copy(changetype<usize>(bigger), changetype<usize>(array), <usize>min(used, array.length) * sizeof<T>());
  return bigger;
}

/** `array`, or a copy of its first `used` entries at least twice as long, when `needed` entries do not fit. */
export function grown<T>(array: StaticArray<T>, used: i32, needed: i32): StaticArray<T> {
  return needed <= array.length ? array : copyOf<T>(array, used, max(array.length * 2, needed));
}

/**
 * Sorts items[at..at + n) so that `before(x, y)` never holds of an item after another, keeping
 * the order of equal ones (merge sort through buffer[bufferAt..bufferAt + n), which may be
 * another part of `items`).
 */
export function mergeSort(items: StaticArray<i32>, at: i32, n: i32, buffer: StaticArray<i32>, bufferAt: i32, before: (x: i32, y: i32) => bool): void {
  for (let width = 1; width < n; width <<= 1) {
    for (let lo = 0; lo < n; lo += width << 1) {
      const mid = min(lo + width, n);
      const hi = min(lo + (width << 1), n);
      let i = lo;
      let j = mid;
      let k = bufferAt + lo;
      while (i < mid && j < hi) {
        if (before(unchecked(items[at + j]), unchecked(items[at + i]))) unchecked((buffer[k++] = items[at + j++]));
        else unchecked((buffer[k++] = items[at + i++]));
      }
      while (i < mid) unchecked((buffer[k++] = items[at + i++]));
      while (j < hi) unchecked((buffer[k++] = items[at + j++]));
    }
    memory.copy(changetype<usize>(items) + (<usize>at << 2), changetype<usize>(buffer) + (<usize>bufferAt << 2), <usize>n << 2);
  }
}
