import { isBuiltIn } from '../model/component-types/built-ins';
import { TwinMakerApi } from './api-client';
import { inPool } from './pool';

type Json = Record<string, any>;

/** A workspace as the API returns it: what provisioning compares the files with. */
export interface CurrentWorkspace {
  workspace?: Json;
  tags: Record<string, string>;
  /** GetComponentType answers by id, built-in types included (entities and types use them) */
  componentTypes: Map<string, Json>;
  /** GetEntity answers by id */
  entities: Map<string, Json>;
  /** GetScene answers by id */
  scenes: Map<string, Json>;
  /** resource summaries (path, size, etag) by path */
  resources: Map<string, Json>;
}

/** Reads everything of `workspaceId` through the API (an absent workspace reads as empty). */
export async function readCurrentWorkspace(
  api: TwinMakerApi,
  workspaceId: string,
  options: { concurrency: number; resources: boolean },
): Promise<CurrentWorkspace> {
  const ws = encodeURIComponent(workspaceId);
  const current: CurrentWorkspace = {
    tags: {},
    componentTypes: new Map(),
    entities: new Map(),
    scenes: new Map(),
    resources: new Map(),
  };
  current.workspace = await api.json<Json | undefined>('GetWorkspace', 'GET', `/workspaces/${ws}`, undefined, {
    allowMissing: true,
  });
  if (!current.workspace) return current;
  const tagged = await api.json('ListTagsForResource', 'POST', '/tags-list', { resourceARN: current.workspace.arn });
  current.tags = tagged?.tags ?? {};

  const typeIds = (
    await listAll(api, 'ListComponentTypes', `/workspaces/${ws}/component-types-list`, 'componentTypeSummaries')
  ).map((s) => s.componentTypeId as string);
  await inPool(typeIds, options.concurrency, async (id) => {
    current.componentTypes.set(
      id,
      await api.json('GetComponentType', 'GET', `/workspaces/${ws}/component-types/${encodeURIComponent(id)}`),
    );
  });

  const entityIds = (await listAll(api, 'ListEntities', `/workspaces/${ws}/entities-list`, 'entitySummaries')).map(
    (s) => s.entityId as string,
  );
  await inPool(entityIds, options.concurrency, async (id) => {
    current.entities.set(
      id,
      await api.json('GetEntity', 'GET', `/workspaces/${ws}/entities/${encodeURIComponent(id)}`),
    );
  });

  for (const s of await listAll(api, 'ListScenes', `/workspaces/${ws}/scenes-list`, 'sceneSummaries')) {
    current.scenes.set(
      s.sceneId,
      await api.json('GetScene', 'GET', `/workspaces/${ws}/scenes/${encodeURIComponent(s.sceneId)}`),
    );
  }
  if (options.resources) {
    let nextToken: string | undefined;
    do {
      const query = new URLSearchParams({ maxResults: '1000', ...(nextToken && { nextToken }) });
      const page = await api.json('ListResources', 'GET', `/doppel/workspaces/${ws}/resources?${query}`);
      for (const r of page.resources) current.resources.set(r.path, r);
      nextToken = page.nextToken;
    } while (nextToken);
  }
  return current;
}

/** Types provisioning owns: those of the workspace, not the built-in ones every workspace has. */
export function isManagedType(componentTypeId: string): boolean {
  return !isBuiltIn(componentTypeId);
}

async function listAll(api: TwinMakerApi, operation: string, path: string, member: string): Promise<Json[]> {
  const all: Json[] = [];
  let nextToken: string | undefined;
  do {
    const page = await api.json(operation, 'POST', path, { maxResults: 200, ...(nextToken && { nextToken }) });
    all.push(...page[member]);
    nextToken = page.nextToken;
  } while (nextToken);
  return all;
}
