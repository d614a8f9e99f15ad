import { GraphStore } from '../store/graph';
import { ColumnPlan, QueryPlan } from './planner';

/** ExecuteQuery's answer: TwinMaker's column descriptions and rows of JSON documents. */
export interface QueryResults {
  columnDescriptions: { name: string; type: ColumnPlan['type'] }[];
  rows: { rowData: unknown[] }[];
}

type PathStep = { node: number } | { edge: number };

/** `n1,e7,n2,` (the planner's path encoding) → the steps in order. */
export function decodePath(text: string): PathStep[] {
  return text
    .split(',')
    .filter((s) => s.length > 1)
    .map((s) => (s[0] === 'n' ? { node: Number(s.slice(1)) } : { edge: Number(s.slice(1)) }));
}

const parseJson = (v: unknown) => (v === null || v === undefined ? null : JSON.parse(String(v)));

/**
 * Turns the raw rows of a plan into TwinMaker's shapes: NODE columns become entity JSON
 * (dates in epoch milliseconds), EDGE columns relationship JSON, PATH columns
 * `{path: [node, edge, node, …]}` with entity ids and names, VALUE columns plain JSON.
 */
export async function shapeResults(
  graph: GraphStore,
  workspaceId: string,
  plan: QueryPlan,
  raw: unknown[][],
): Promise<QueryResults> {
  const want = {
    node: new Set<number>(),
    edge: new Set<number>(),
    component: new Set<number>(),
    property: new Set<number>(),
  };
  const paths = new Map<string, PathStep[]>();
  for (const row of raw) {
    plan.columns.forEach((c, i) => {
      const v = row[i];
      if (v === null || v === undefined) return;
      if (c.decode === 'node' || c.decode === 'edge' || c.decode === 'component' || c.decode === 'property') {
        want[c.decode].add(Number(v));
      } else if (c.decode === 'path' && !paths.has(String(v))) {
        const steps = decodePath(String(v));
        paths.set(String(v), steps);
        for (const s of steps) {
          if ('node' in s) want.node.add(s.node);
          else want.edge.add(s.edge);
        }
      }
    });
  }
  const [nodes, edges, components, properties] = await Promise.all([
    graph.nodes(workspaceId, [...want.node]),
    graph.edges(workspaceId, [...want.edge]),
    graph.components(workspaceId, [...want.component]),
    graph.properties(workspaceId, [...want.property]),
  ]);
  const pathJson = (steps: PathStep[]) => ({
    path: steps.map((s) => {
      if ('node' in s) {
        const n = nodes.get(s.node);
        return { entityId: n?.entityId, entityName: n?.entityName };
      }
      const e = edges.get(s.edge);
      return {
        relationshipName: e?.relationshipName,
        sourceEntityId: e?.sourceEntityId,
        targetEntityId: e?.targetEntityId,
      };
    }),
  });
  const cell = (c: ColumnPlan, v: unknown): unknown => {
    if (v === null || v === undefined) return c.decode === 'count' ? 0 : null;
    switch (c.decode) {
      case 'node':
        return nodes.get(Number(v)) ?? null;
      case 'edge':
        return edges.get(Number(v)) ?? null;
      case 'component':
        return components.get(Number(v)) ?? null;
      case 'property':
        return properties.get(Number(v)) ?? null;
      case 'path':
        return pathJson(paths.get(String(v))!);
      case 'json':
        return parseJson(v);
      case 'boolean':
        return v === 1;
      default:
        return v;
    }
  };
  return {
    columnDescriptions: plan.columns.map((c) => ({ name: c.name, type: c.type })),
    rows: raw.map((row) => ({ rowData: plan.columns.map((c, i) => cell(c, row[i])) })),
  };
}
