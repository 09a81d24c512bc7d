// The diagrams of where the copies live, as the report embeds them and `graph --format mermaid`
// prints the first: up to the size limit one diagram of every copy; beyond it an overview (one box
// per account's primary copies and per target) plus one small diagram per critical data set.
import type { Criticality, Inventory } from '../../inventory/types.js';
import { computeRiskGroups, singlePointCount } from '../../model/riskGroups.js';
import type { DataSetRiskGroups, FaultGraph } from '../../model/types.js';
import { CRITICALITY_RANK } from '../../rules/facts.js';
import { flowchart, type Flowchart } from './flowchart.js';
import { copiesScene, overviewScene, type DiagramDataSet } from './scene.js';

/**
 * The size limit: a diagram of every copy with more boxes than this (copies, people, payment
 * methods and other dependencies, plus the provider, account and target groups around them)
 * becomes an overview plus one diagram per critical data set. Measured: about 60 boxes still
 * fit a 1,100-pixel page at a readable size; past that Mermaid shrinks the text.
 */
export const DIAGRAM_BOX_LIMIT = 60;
/** Diagrams of single data sets in one report, at most; the rest are named. */
export const MAX_DATA_SET_DIAGRAMS = 10;

export interface DiagramBudget {
  /** Stop adding data sets once this many edges are drawn (Mermaid refuses more than 500). */
  maxEdges?: number;
  /** ... or once the source grows past this many characters (Mermaid refuses more than 50,000). */
  maxText?: number;
}

export interface CopiesDiagram {
  /** Mermaid source, without the code fence. */
  source: string;
  /** Data sets drawn, and those left out to keep the diagram renderable. */
  drawn: string[];
  omitted: string[];
}

export interface CopiesDiagrams {
  /** `copies`: every copy in one diagram; `overview`: past the size limit. */
  view: 'copies' | 'overview';
  main: CopiesDiagram;
  /** With the overview: one diagram per critical data set (the most critical present when none is critical). */
  dataSets: { id: string; source: string }[];
  /** Critical data sets without a diagram of their own (over MAX_DATA_SET_DIAGRAMS, or too large to draw). */
  dataSetsOmitted: string[];
}

/**
 * The data sets of an inventory as the diagrams take them: the most critical first (then in
 * inventory order), each with its single points of failure (its risk groups of size 1).
 */
export function diagramDataSets(inv: Inventory, riskGroupsOf: ReadonlyMap<string, DataSetRiskGroups>): DiagramDataSet[] {
  return [...inv.stores.values()]
    .map((s) => ({ id: s.id, criticality: s.criticality, singlePoints: singlePoints(riskGroupsOf.get(s.id)) }))
    .sort((a, b) => CRITICALITY_RANK[b.criticality] - CRITICALITY_RANK[a.criticality]);
}

/** The events of the groups of size 1 (read packed: no array per group). */
function singlePoints(groups: DataSetRiskGroups | undefined): string[] {
  return Array.from({ length: singlePointCount(groups) }, (_, i) => groups!.group(i)[0]!);
}

/**
 * `bcaudit graph --format mermaid`: the report's first diagram. Single points of failure are the
 * risk groups of size 1, the same at any bound, so computing only those gives the report's.
 */
export function copiesMermaid(graph: FaultGraph, inv: Inventory): string {
  const groups = new Map(computeRiskGroups(graph, { maxOrder: 1 }).map((d) => [d.id, d]));
  return copiesDiagrams(graph, inv, diagramDataSets(inv, groups)).main.source;
}

export function copiesDiagrams(graph: FaultGraph, inv: Inventory, dataSets: readonly DiagramDataSet[], budget: DiagramBudget = {}): CopiesDiagrams {
  const maxEdges = budget.maxEdges ?? 300;
  const maxText = budget.maxText ?? 40_000;
  const fits = (chart: Flowchart) => chart.edges <= maxEdges && chart.source.length <= maxText;
  const whole = flowchart(copiesScene(graph, inv, dataSets));
  if (whole.nodes + whole.clusters <= DIAGRAM_BOX_LIMIT && fits(whole)) {
    return { view: 'copies', main: { source: whole.source, drawn: dataSets.map((d) => d.id), omitted: [] }, dataSets: [], dataSetsOmitted: [] };
  }
  // The overview of as many of the most important data sets as the budget allows (at least one):
  // found by bisection, as drawing grows with the data sets drawn.
  const overview = (count: number) => flowchart(overviewScene(graph, inv, dataSets.slice(0, count)));
  let count = dataSets.length;
  let main = overview(count);
  if (!fits(main)) {
    let [fitting, failing] = [1, count];
    while (failing - fitting > 1) {
      const middle = Math.floor((fitting + failing) / 2);
      if (fits(overview(middle))) fitting = middle;
      else failing = middle;
    }
    count = fitting;
    main = overview(count);
  }
  const top = mostCritical(dataSets);
  const detailed: { id: string; source: string }[] = [];
  const omitted: string[] = [];
  for (const ds of top) {
    const chart = detailed.length < MAX_DATA_SET_DIAGRAMS ? flowchart(copiesScene(graph, inv, [ds])) : undefined;
    if (chart !== undefined && fits(chart)) detailed.push({ id: ds.id, source: chart.source });
    else omitted.push(ds.id);
  }
  return {
    view: 'overview',
    main: { source: main.source, drawn: dataSets.slice(0, count).map((d) => d.id), omitted: dataSets.slice(count).map((d) => d.id) },
    dataSets: detailed,
    dataSetsOmitted: omitted,
  };
}

/** The critical data sets, or those of the highest criticality present. */
function mostCritical(dataSets: readonly DiagramDataSet[]): DiagramDataSet[] {
  const best = dataSets.reduce<Criticality | undefined>((a, d) => (a === undefined || CRITICALITY_RANK[d.criticality] > CRITICALITY_RANK[a] ? d.criticality : a), undefined);
  return dataSets.filter((d) => d.criticality === best);
}
