// largest(): the maximum of a list of any length. Reports take the worst severity of every
// finding one fix removes, and at 100k entities one fix can remove more findings than
// Math.max(...list) can take as arguments.
import { describe, expect, it } from 'vitest';
import { largest } from '../src/util/order.js';

describe('largest', () => {
  it('is the maximum, -Infinity for none', () => {
    expect(largest([3, -1, 7, 7, 2])).toBe(7);
    expect(largest([-5])).toBe(-5);
    expect(largest([])).toBe(-Infinity);
    expect(largest(new Set([0.25, 0.5]))).toBe(0.5);
  });

  it('takes a million values, where spreading them into Math.max overflows the stack', () => {
    const values = Array.from({ length: 1_000_000 }, (_, i) => (i * 7919) % 1_000_003);
    expect(() => Math.max(...values)).toThrow(RangeError);
    expect(largest(values)).toBe(values.reduce((a, b) => (b > a ? b : a)));
  });
});
