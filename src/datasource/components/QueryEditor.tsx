import type { QueryEditorProps, SelectableValue } from '@grafana/data';
import { Alert, InlineField, Input, Select, Stack } from '@grafana/ui';
import { useState } from 'react';

import type { DoppelDataSource } from '../datasource';
import { AlarmsEditor } from '../editors/AlarmsEditor';
import { ComponentHistoryEditor } from '../editors/ComponentHistoryEditor';
import { EntityHistoryEditor } from '../editors/EntityHistoryEditor';
import { GetEntityEditor } from '../editors/GetEntityEditor';
import { KnowledgeGraphEditor } from '../editors/KnowledgeGraphEditor';
import { ListEntitiesEditor } from '../editors/ListEntitiesEditor';
import { NoOptionsEditor } from '../editors/NoOptionsEditor';
import { PropertyValueEditor } from '../editors/PropertyValueEditor';
import { type DoppelOptions, type DoppelQuery, QueryType } from '../types';
import { FIELD_WIDTH, LABEL_WIDTH } from './pickers';

export const QUERY_TYPES: Array<SelectableValue<QueryType>> = [
  {
    label: 'Get Property Value',
    value: QueryType.GetPropertyValue,
    description: 'Latest values of an entity component',
  },
  {
    label: 'Get Property Value History by Entity',
    value: QueryType.EntityHistory,
    description: 'Time series of an entity component',
  },
  {
    label: 'Get Property Value History by Component Type',
    value: QueryType.ComponentHistory,
    description: 'Time series of every entity with a component type',
  },
  { label: 'Get Entity', value: QueryType.GetEntity, description: 'An entity, its components and properties' },
  { label: 'List Entities', value: QueryType.ListEntities },
  { label: 'List Workspaces', value: QueryType.ListWorkspaces },
  { label: 'List Scenes', value: QueryType.ListScenes },
  { label: 'Knowledge-Graph Query', value: QueryType.KnowledgeGraph, description: 'ExecuteQuery statement' },
  {
    label: 'Get Alarms',
    value: QueryType.GetAlarms,
    description: 'Every alarm of the workspace or under an entity, in one request',
  },
];

/** Keeps what still means something when the query type changes (entity, component, properties). */
export function changeQueryType(query: DoppelQuery, queryType: QueryType): DoppelQuery {
  const q = query as unknown as Partial<Record<string, unknown>>;
  const carried = {
    refId: query.refId,
    hide: query.hide,
    datasource: query.datasource,
    maxResults: query.maxResults,
  };
  switch (queryType) {
    case QueryType.GetPropertyValue:
    case QueryType.EntityHistory:
      return {
        ...carried,
        queryType,
        entityId: q.entityId as string | undefined,
        componentName: q.componentName as string | undefined,
        properties: (q.properties as string[] | undefined) ?? [],
      };
    case QueryType.ComponentHistory:
      return { ...carried, queryType, componentTypeId: q.componentTypeId as string | undefined, properties: [] };
    case QueryType.GetEntity:
      return { ...carried, queryType, entityId: q.entityId as string | undefined };
    case QueryType.ListEntities:
      return { ...carried, queryType, componentTypeId: q.componentTypeId as string | undefined };
    case QueryType.GetAlarms:
      // TwinMaker's editor starts on ACTIVE alarms too
      return { ...carried, queryType, entityId: q.entityId as string | undefined, statuses: ['ACTIVE'] };
    case QueryType.KnowledgeGraph:
      return { ...carried, queryType, queryStatement: (q.queryStatement as string | undefined) ?? '' };
    case QueryType.ListWorkspaces:
    case QueryType.ListScenes:
      return { ...carried, queryType };
  }
}

type Props = QueryEditorProps<DoppelDataSource, DoppelQuery, DoppelOptions>;

/** The query editor shell: a query type picker, then the small editor for that type. */
export function QueryEditor({ datasource, query, onChange, onRunQuery }: Props) {
  const run = (next: DoppelQuery) => {
    onChange(next);
    onRunQuery();
  };
  const queryType = query.queryType ?? QueryType.EntityHistory;
  const current = { ...query, queryType } as DoppelQuery;
  const [maxText, setMaxText] = useState(query.maxResults?.toString() ?? '');

  return (
    <Stack direction="column" gap={0}>
      {!datasource.settings.workspaceId && queryType !== QueryType.ListWorkspaces && (
        <Alert severity="warning" title="No workspace selected">
          Pick a workspace in this data source&apos;s settings; until then only List Workspaces runs.
        </Alert>
      )}
      <InlineField label="Query type" labelWidth={LABEL_WIDTH}>
        <Select
          inputId="doppel-query-type"
          aria-label="Query type"
          width={FIELD_WIDTH + 10}
          options={QUERY_TYPES}
          value={queryType}
          onChange={(o) => o.value && run(changeQueryType(current, o.value))}
        />
      </InlineField>
      <TypeEditor datasource={datasource} query={current} onChange={run} onEdit={onChange} />
      {queryType !== QueryType.GetPropertyValue && queryType !== QueryType.GetEntity && (
        <InlineField
          label="Max results"
          labelWidth={LABEL_WIDTH}
          tooltip={`Stop following nextToken after this many values/rows (default ${datasource.defaultMaxResults}); a notice shows when it cut the result`}
        >
          <Input
            aria-label="Max results"
            type="number"
            min={1}
            width={16}
            placeholder={String(datasource.defaultMaxResults)}
            value={maxText}
            onChange={(e) => setMaxText(e.currentTarget.value)}
            onBlur={() => {
              const n = Number(maxText);
              run({ ...current, maxResults: maxText && n > 0 ? Math.floor(n) : undefined });
            }}
          />
        </InlineField>
      )}
    </Stack>
  );
}

function TypeEditor({
  datasource,
  query,
  onChange,
  onEdit,
}: {
  datasource: DoppelDataSource;
  query: DoppelQuery;
  onChange: (q: DoppelQuery) => void;
  onEdit: (q: DoppelQuery) => void;
}) {
  switch (query.queryType) {
    case QueryType.GetPropertyValue:
      return <PropertyValueEditor datasource={datasource} query={query} onChange={onChange} />;
    case QueryType.EntityHistory:
      return <EntityHistoryEditor datasource={datasource} query={query} onChange={onChange} onEdit={onEdit} />;
    case QueryType.ComponentHistory:
      return <ComponentHistoryEditor datasource={datasource} query={query} onChange={onChange} onEdit={onEdit} />;
    case QueryType.GetEntity:
      return <GetEntityEditor datasource={datasource} query={query} onChange={onChange} />;
    case QueryType.ListEntities:
      return <ListEntitiesEditor datasource={datasource} query={query} onChange={onChange} />;
    case QueryType.ListWorkspaces:
      return <NoOptionsEditor what="Every workspace the data source's key can see" />;
    case QueryType.ListScenes:
      return <NoOptionsEditor what="Every scene of the workspace" />;
    case QueryType.GetAlarms:
      return <AlarmsEditor datasource={datasource} query={query} onChange={onChange} />;
    case QueryType.KnowledgeGraph:
      return <KnowledgeGraphEditor datasource={datasource} query={query} onChange={onChange} onEdit={onEdit} />;
  }
}
