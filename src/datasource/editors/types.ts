import type { DoppelDataSource } from '../datasource';
import type { QueryOf, QueryType } from '../types';

/** What each per-query-type editor receives. */
export interface TypeEditorProps<T extends QueryType> {
  datasource: DoppelDataSource;
  query: QueryOf<T>;
  /** update the query and run it */
  onChange: (query: QueryOf<T>) => void;
  /** update the query without running it (typing in free text) */
  onEdit?: (query: QueryOf<T>) => void;
}
