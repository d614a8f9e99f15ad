import { knowledgeGraph } from './001-knowledge-graph';

/** Schema migrations in order; the database's user_version is the count applied. Append only. */
export const migrations: readonly string[] = [knowledgeGraph];
