import { TwinMakerApi } from './api-client';
import { Action, Plan } from './plan';
import { inPool } from './pool';

type Json = Record<string, any>;

/** Sends the plan's calls: phase after phase, level after level, a level's calls `concurrency` at a time. */
export async function applyPlan(
  api: TwinMakerApi,
  plan: Plan,
  options: { concurrency: number; progress: (phase: string, done: number, total: number) => void },
): Promise<void> {
  for (const phase of plan.phases) {
    const total = phase.levels.reduce((n, l) => n + l.length, 0);
    let done = 0;
    for (const level of phase.levels) {
      await inPool(level, options.concurrency, async (action) => {
        await send(api, plan, action);
        done++;
        options.progress(phase.name, done, total);
      });
    }
  }
}

async function send(api: TwinMakerApi, plan: Plan, action: Action): Promise<void> {
  const ws = encodeURIComponent(plan.workspaceId);
  const id = encodeURIComponent(action.id);
  const [body, second] = action.bodies as Json[];
  switch (action.resource) {
    case 'workspace':
      if (action.kind === 'create') {
        await api.json('CreateWorkspace', 'POST', `/workspaces/${ws}`, body);
        return;
      }
      for (const b of action.bodies as Json[]) {
        if (b.before)
          await retag(api, (await api.json('GetWorkspace', 'GET', `/workspaces/${ws}`)).arn, b.before, b.tags);
        else await api.json('UpdateWorkspace', 'PUT', `/workspaces/${ws}`, b);
      }
      return;
    case 'resource': {
      const path = action.id.split('/').map(encodeURIComponent).join('/');
      const url = `/doppel/workspaces/${ws}/resources/${path}`;
      if (action.kind === 'delete') {
        const res = await api.raw('DELETE', url);
        if (res.status >= 300) throw new Error(`DeleteResource ${action.id}: ${res.status} ${res.body.toString()}`);
        return;
      }
      const contentType = action.id.endsWith('.json')
        ? { 'content-type': 'application/json' }
        : { 'content-type': 'application/octet-stream' };
      const res = await api.raw('PUT', url, body.content as Buffer, contentType);
      if (res.status >= 300) throw new Error(`PutResource ${action.id}: ${res.status} ${res.body.toString()}`);
      return;
    }
    case 'component type': {
      const url = `/workspaces/${ws}/component-types/${id}`;
      if (action.kind === 'create') await api.json('CreateComponentType', 'POST', url, body);
      else if (action.kind === 'update') await api.json('UpdateComponentType', 'PUT', url, body);
      else await api.json('DeleteComponentType', 'DELETE', url);
      return;
    }
    case 'entity': {
      if (action.kind === 'create') await api.json('CreateEntity', 'POST', `/workspaces/${ws}/entities`, body);
      else if (action.kind === 'update') {
        await api.json('UpdateEntity', 'PUT', `/workspaces/${ws}/entities/${id}`, body);
        if (second) await api.json('UpdateEntity', 'PUT', `/workspaces/${ws}/entities/${id}`, second);
      } else await api.json('DeleteEntity', 'DELETE', `/workspaces/${ws}/entities/${id}?isRecursive=false`);
      return;
    }
    case 'scene': {
      if (action.kind === 'create') await api.json('CreateScene', 'POST', `/workspaces/${ws}/scenes`, body);
      else if (action.kind === 'update') await api.json('UpdateScene', 'PUT', `/workspaces/${ws}/scenes/${id}`, body);
      else await api.json('DeleteScene', 'DELETE', `/workspaces/${ws}/scenes/${id}`);
      return;
    }
  }
}

async function retag(api: TwinMakerApi, arn: string, before: Record<string, string>, after: Record<string, string>) {
  const removed = Object.keys(before).filter((k) => !(k in after));
  if (removed.length) {
    const query = new URLSearchParams([
      ['resourceARN', arn],
      ...removed.map((k): [string, string] => ['tagKeys', k]),
    ] as [string, string][]);
    await api.json('UntagResource', 'DELETE', `/tags?${query}`);
  }
  if (Object.keys(after).length) await api.json('TagResource', 'POST', '/tags', { resourceARN: arn, tags: after });
}
