import { CodeEditor, Field } from '@grafana/ui';

import type { QueryType } from '../types';
import type { TypeEditorProps } from './types';

const EXAMPLE = `SELECT e.entityId, e.entityName FROM EntityGraph MATCH (e) WHERE e.entityName LIKE 'Mixer%'`;

/**
 * Knowledge-Graph Query: a statement in TwinMaker's query language, run with ExecuteQuery.
 * Variables are replaced; a multi-value one becomes `a', 'b`, so write `IN ('$ids')`.
 */
export function KnowledgeGraphEditor({ query, onChange, onEdit }: TypeEditorProps<QueryType.KnowledgeGraph>) {
  return (
    <Field
      label="Query statement"
      description={`e.g. ${EXAMPLE}. Variables are replaced; multi-value ones fit IN ('$var'). Runs on blur or Ctrl+Enter.`}
    >
      <CodeEditor
        language="sql"
        height={120}
        showLineNumbers
        showMiniMap={false}
        value={query.queryStatement ?? ''}
        onChange={(queryStatement) => (onEdit ?? onChange)({ ...query, queryStatement })}
        onBlur={(queryStatement) => onChange({ ...query, queryStatement })}
        onSave={(queryStatement) => onChange({ ...query, queryStatement })}
      />
    </Field>
  );
}
