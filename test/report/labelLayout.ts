// What makes a rendered diagram unreadable, found from where its text landed on the page: two
// labels drawn over each other, or a label cut off by its box, its node or cluster, or the SVG.
import type { Box, DiagramLayout, LabelLayout } from './browser.js';

/** Sub-pixel differences are rounding, not overlap. */
const TOLERANCE = 1;

const inside = (inner: Box, outer: Box): boolean =>
  inner.x >= outer.x - TOLERANCE &&
  inner.y >= outer.y - TOLERANCE &&
  inner.x + inner.w <= outer.x + outer.w + TOLERANCE &&
  inner.y + inner.h <= outer.y + outer.h + TOLERANCE;

const overlap = (a: Box, b: Box): boolean =>
  Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x) > TOLERANCE && Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y) > TOLERANCE;

const name = (l: LabelLayout): string => `${l.kind} "${l.text.slice(0, 60)}"`;

/** Every overlap and every cut-off label, in words; empty when the diagram reads cleanly. */
export function layoutProblems(layout: DiagramLayout): string[] {
  const problems: string[] = [];
  const { labels } = layout;
  for (const l of labels) {
    if (l.frame !== null && !inside(l.box, l.frame)) problems.push(`${name(l)} is cut off by its text frame`);
    if (l.container !== null && !inside(l.box, l.container)) problems.push(`${name(l)} spills out of its ${l.kind === 'cluster' ? 'cluster' : 'shape'}`);
    if (!inside(l.box, layout.viewport)) problems.push(`${name(l)} lies outside the diagram`);
  }
  for (let i = 0; i < labels.length; i++) {
    for (let j = i + 1; j < labels.length; j++) {
      if (overlap(labels[i]!.box, labels[j]!.box)) problems.push(`${name(labels[i]!)} overlaps ${name(labels[j]!)}`);
    }
  }
  return problems;
}
