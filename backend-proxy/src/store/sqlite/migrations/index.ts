import { knowledgeGraph } from './001-knowledge-graph';
import { values } from './002-values';
import { graphEdges } from './003-graph-edges';
import { valueCommits } from './004-value-commits';
import { alarms } from './005-alarms';
import { entityPages } from './006-entity-pages';
import { valueNumbers } from './007-value-numbers';
import { relationshipsByProperty } from './008-relationships-by-property';

/** Schema migrations in order; the database's user_version is the count applied. Append only. */
export const migrations: readonly string[] = [
  knowledgeGraph,
  values,
  graphEdges,
  valueCommits,
  alarms,
  entityPages,
  valueNumbers,
  relationshipsByProperty,
];
