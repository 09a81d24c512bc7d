// The layout checker on boxes made up here: it must find what it is for, and nothing else.
import { describe, expect, it } from 'vitest';
import type { DiagramLayout, LabelLayout } from './browser.js';
import { layoutProblems } from './labelLayout.js';

const box = (x: number, y: number, w: number, h: number) => ({ x, y, w, h });
const label = (text: string, b: ReturnType<typeof box>, extra: Partial<LabelLayout> = {}): LabelLayout => ({ kind: 'node', text, box: b, frame: null, container: null, ...extra });
const layout = (labels: LabelLayout[]): DiagramLayout => ({ viewport: box(0, 0, 500, 500), scale: 1, labels });

describe('layoutProblems', () => {
  it('accepts labels apart, inside their frames and shapes, and touching within a pixel', () => {
    expect(layoutProblems(layout([label('a', box(10, 10, 50, 20), { frame: box(10, 10, 50, 20), container: box(0, 0, 70, 40) }), label('b', box(60.5, 10, 50, 20))]))).toEqual([]);
  });

  it('finds two labels drawn over each other', () => {
    expect(layoutProblems(layout([label('a', box(10, 10, 50, 20)), label('b', box(40, 20, 50, 20), { kind: 'edge' })]))).toEqual(['node "a" overlaps edge "b"']);
  });

  it('finds a label cut off by its frame, spilling out of its cluster, or outside the SVG', () => {
    expect(
      layoutProblems(layout([label('t', box(0, 0, 80, 20), { kind: 'cluster', frame: box(10, 0, 60, 20), container: box(5, 0, 200, 100) }), label('far', box(480, 490, 40, 20))])),
    ).toEqual(['cluster "t" is cut off by its text frame', 'cluster "t" spills out of its cluster', 'node "far" lies outside the diagram']);
  });
});
