import Database from '../store/sqlite/driver';
import { Queryable } from '../store/postgres/database';

/**
 * What migrate-store counts per workspace on both sides, each as one statement over tables
 * both stores share (`?` is the workspace id; PostgreSQL gets it as $1).
 */
const COUNTS: readonly [kind: string, sql: string][] = [
  ['workspaces', 'SELECT count(*) FROM workspaces WHERE workspace_id = ?'],
  ['tags', 'SELECT count(*) FROM tags WHERE workspace_id = ?'],
  ['component types', 'SELECT count(*) FROM component_types WHERE workspace_id = ?'],
  ['extendsFrom links', 'SELECT count(*) FROM component_type_parents WHERE workspace_id = ?'],
  ['entities', 'SELECT count(*) FROM entities WHERE workspace_id = ?'],
  ['child-of links', 'SELECT count(*) FROM entities WHERE workspace_id = ? AND parent_key IS NOT NULL'],
  [
    'components',
    'SELECT count(*) FROM components c JOIN entities e ON e.entity_key = c.entity_key WHERE e.workspace_id = ?',
  ],
  [
    'properties',
    `SELECT count(*) FROM properties p JOIN components c ON c.component_key = p.component_key
     JOIN entities e ON e.entity_key = c.entity_key WHERE e.workspace_id = ?`,
  ],
  [
    'relationships',
    'SELECT count(*) FROM relationships r JOIN entities e ON e.entity_key = r.source_entity_key WHERE e.workspace_id = ?',
  ],
  ['scenes', 'SELECT count(*) FROM scenes WHERE workspace_id = ?'],
  ['series', 'SELECT count(*) FROM value_series WHERE workspace_id = ?'],
  [
    'values',
    'SELECT count(*) FROM property_values WHERE series_id IN (SELECT series_id FROM value_series WHERE workspace_id = ?)',
  ],
  ['alarm states', 'SELECT count(*) FROM alarm_states WHERE workspace_id = ?'],
  [
    'alarm events',
    `SELECT count(*) FROM alarm_events a JOIN components c ON c.component_key = a.component_key
     JOIN entities e ON e.entity_key = c.entity_key WHERE e.workspace_id = ?`,
  ],
];

/** Rows of each kind, by kind. */
export type Counts = Map<string, number>;

export function sqliteCounts(db: Database.Database, workspaceId: string): Counts {
  return new Map(COUNTS.map(([kind, sql]) => [kind, Number(db.prepare(sql).pluck().get(workspaceId))]));
}

export async function postgresCounts(q: Queryable, workspaceId: string): Promise<Counts> {
  const counts: Counts = new Map();
  for (const [kind, sql] of COUNTS) {
    const { rows } = await q.query<{ count: string }>(sql.replace('?', '$1'), [workspaceId]);
    counts.set(kind, Number(rows[0]!.count));
  }
  return counts;
}

/** One line per kind, `kind  source  target`, marking those that differ. */
export function countsTable(source: Counts, target: Counts): { lines: string[]; differing: string[] } {
  const differing: string[] = [];
  const width = Math.max(...[...source.keys()].map((k) => k.length));
  const lines = [...source.keys()].map((kind) => {
    const a = source.get(kind) ?? 0;
    const b = target.get(kind) ?? 0;
    if (a !== b) differing.push(kind);
    return `  ${kind.padEnd(width)}  ${String(a).padStart(10)}  ${String(b).padStart(10)}${a === b ? '' : '  DIFFERS'}`;
  });
  return { lines, differing };
}
