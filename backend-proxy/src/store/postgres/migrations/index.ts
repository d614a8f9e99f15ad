import { schema } from './001-schema';

/** Schema migrations in order; `schema_version` counts those applied. Append only. */
export const migrations: readonly string[] = [schema];
