import { schema } from './001-schema';
import { valueNumbers } from './002-value-numbers';
import { graphEdges } from './003-graph-edges';
import { alarms } from './004-alarms';

/** Schema migrations in order; `schema_version` counts those applied. Append only. */
export const migrations: readonly string[] = [schema, valueNumbers, graphEdges, alarms];
