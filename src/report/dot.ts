// Graphviz DOT export of the fault graph (`bcaudit graph --format dot`): basic events at the
// bottom, gates above them, the loss of each data set on top. Render with `dot -Tsvg`.
import type { Inventory } from '../inventory/types.js';
import { describeEvent } from '../model/describe.js';
import type { FaultGraph } from '../model/types.js';
import { plain } from './sanitize.js';

/**
 * A DOT double-quoted string. Inside one only `\"` is an escape of the DOT language, but Graphviz
 * reads `\n`, `\l`, `\N`, `\G`… in labels and HTML entities (`&amp;`) in every string, so
 * backslashes and ampersands are escaped too; control characters and line breaks never reach it.
 */
export function dotString(text: string): string {
  return `"${plain(text).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/&/g, '&amp;')}"`;
}

/** A label of several lines, each centred (`\n` joins them; the text itself is escaped). */
function dotLabel(...lines: string[]): string {
  return lines.map((line) => dotString(line).slice(1, -1)).join('\\n');
}

export function toDot(graph: FaultGraph, inv: Inventory): string {
  const tops = new Set(graph.dataSets.map((d) => d.gate));
  const title = inv.name === undefined ? `bcaudit fault graph of ${inv.file}` : `bcaudit fault graph: ${inv.name}`;
  const lines: string[] = [
    'digraph "bcaudit" {',
    `  graph [rankdir=BT, labelloc=t, fontname="Helvetica", label="${dotLabel(title)}"];`,
    '  node [fontname="Helvetica", fontsize=10];',
    '  edge [color="#666666"];',
  ];
  for (const e of graph.events) {
    lines.push(
      `  ${dotString(e.id)} [shape=ellipse, style=filled, fillcolor="#eef4ff", color="#4a6fa5", label="${dotLabel(e.id, describeEvent(e, inv))}"];`,
    );
  }
  for (const g of graph.gates) {
    const style = tops.has(g.index)
      ? 'shape=doubleoctagon, style=filled, fillcolor="#fde8e8", color="#b42318"'
      : g.op === 'and'
        ? 'shape=box, style="rounded,filled", fillcolor="#fff7e0", color="#b08900"'
        : 'shape=box, style=rounded, color="#888888"';
    lines.push(`  ${dotString(g.id)} [${style}, label="${dotLabel(g.op.toUpperCase(), g.id)}"];`);
  }
  for (const g of graph.gates) {
    for (const e of g.events) lines.push(`  ${dotString(graph.events[e]!.id)} -> ${dotString(g.id)};`);
    for (const x of g.gates) lines.push(`  ${dotString(graph.gates[x]!.id)} -> ${dotString(g.id)};`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
