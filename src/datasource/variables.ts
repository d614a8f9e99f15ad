import {
  CustomVariableSupport,
  type DataQueryRequest,
  type DataQueryResponse,
  FieldType,
  type MetricFindValue,
  type ScopedVars,
} from '@grafana/data';
import { from, map, type Observable } from 'rxjs';

import { followPages } from '../common/paginate';
import type { ListEntitiesFilter } from '../common/twinmaker';
import type { DoppelDataSource } from './datasource';
import { VariableQueryEditor } from './components/VariableQueryEditor';
import { type DoppelVariableQuery, PAGE_SIZE, VariableQueryType } from './types';

const MAX_VALUES = 10_000;

/**
 * Values of a template variable: entities (optionally children of an entity or having a
 * component type), an entity's component names, a component's property names, component
 * types, scenes.
 */
export async function findVariableValues(
  ds: DoppelDataSource,
  query: DoppelVariableQuery,
  scopedVars: ScopedVars,
): Promise<MetricFindValue[]> {
  const ws = ds.workspaceId;
  const c = ds.client;
  const entityId = ds.replace(query.entityId, scopedVars);
  switch (query.variableType ?? VariableQueryType.Entities) {
    case VariableQueryType.Entities: {
      const componentTypeId = ds.replace(query.componentTypeId, scopedVars);
      const filters: ListEntitiesFilter[] = componentTypeId
        ? [{ componentTypeId }]
        : entityId
          ? [{ parentEntityId: entityId }]
          : [];
      const paged = await followPages(
        (t) => c.listEntities(ws, filters, t, PAGE_SIZE),
        (p) => p.entitySummaries?.length ?? 0,
        { maxItems: MAX_VALUES },
      );
      const entities = paged.pages.flatMap((p) => p.entitySummaries ?? []);
      // With both a parent and a component type, the service takes one filter; narrow the rest here.
      return entities
        .filter((e) => !(componentTypeId && entityId) || e.parentEntityId === entityId)
        .map((e) => ({ text: e.entityName, value: e.entityId }));
    }
    case VariableQueryType.ComponentNames: {
      if (!entityId) return [];
      const entity = await ds.metadata.entity(ws, entityId);
      return Object.keys(entity.components ?? {}).map((name) => ({ text: name, value: name }));
    }
    case VariableQueryType.PropertyNames: {
      const componentName = ds.replace(query.componentName, scopedVars);
      if (!entityId || !componentName) return [];
      const entity = await ds.metadata.entity(ws, entityId);
      const kind = query.propertyKind ?? 'all';
      return Object.entries(entity.components?.[componentName]?.properties ?? {})
        .filter(([, p]) => kind === 'all' || Boolean(p.definition?.isTimeSeries) === (kind === 'timeSeries'))
        .map(([n]) => ({ text: n, value: n }));
    }
    case VariableQueryType.ComponentTypes: {
      const paged = await followPages(
        (t) => c.listComponentTypes(ws, t, PAGE_SIZE),
        (p) => p.componentTypeSummaries?.length ?? 0,
        { maxItems: MAX_VALUES },
      );
      return paged.pages
        .flatMap((p) => p.componentTypeSummaries ?? [])
        .map((t) => ({ text: t.componentTypeName || t.componentTypeId, value: t.componentTypeId }));
    }
    case VariableQueryType.Scenes: {
      const paged = await followPages(
        (t) => c.listScenes(ws, t, PAGE_SIZE),
        (p) => p.sceneSummaries?.length ?? 0,
        { maxItems: MAX_VALUES },
      );
      return paged.pages.flatMap((p) => p.sceneSummaries ?? []).map((s) => ({ text: s.sceneId, value: s.sceneId }));
    }
  }
  return [];
}

/** Grafana's variable editor hook-up: runs findVariableValues and answers with a text/value frame. */
export class DoppelVariableSupport extends CustomVariableSupport<DoppelDataSource, DoppelVariableQuery> {
  editor = VariableQueryEditor;

  constructor(private readonly ds: DoppelDataSource) {
    super();
  }

  query(request: DataQueryRequest<DoppelVariableQuery>): Observable<DataQueryResponse> {
    const query = request.targets[0]!;
    return from(findVariableValues(this.ds, query, request.scopedVars)).pipe(
      map((values) => ({
        data: [
          {
            refId: query.refId,
            length: values.length,
            fields: [
              { name: 'text', type: FieldType.string, values: values.map((v) => v.text), config: {} },
              { name: 'value', type: FieldType.string, values: values.map((v) => v.value), config: {} },
            ],
          },
        ],
      })),
    );
  }
}
