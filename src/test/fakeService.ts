import type { AlarmEvent, AlarmRecord, WhoAmI } from '../common/alarms';
import { DoppelApiError, type Request, type Transport } from '../common/client';
import type {
  DataValue,
  EntitySummary,
  GetComponentTypeResponse,
  GetEntityResponse,
  GetPropertyValueHistoryResponse,
  PropertyValueHistory,
  WorkspaceSummary,
} from '../common/twinmaker';

/** A request the fake service received, body parsed. */
export interface Seen {
  method: string;
  path: string;
  body: any;
}

export interface FakeWorkspace {
  workspaces: WorkspaceSummary[];
  entities: GetEntityResponse[];
  componentTypes: GetComponentTypeResponse[];
  /** answers GetPropertyValueHistory: pages keyed by the nextToken that asks for them ('' = first) */
  history?: (body: any) => Record<string, GetPropertyValueHistoryResponse>;
  version?: string;
  /** what the alarm listing answers (filtered by status and entity subtree, paged by maxResults) */
  alarms?: AlarmRecord[];
  /** what the alarms' events routes answer, newest first */
  alarmEvents?: Array<AlarmEvent & { entityId: string; componentName: string }>;
  /** what GET /doppel/whoami answers; default an admin key */
  whoami?: WhoAmI;
}

const page = <T>(items: T[], body: any, size = 2) => {
  const start = body?.nextToken ? Number(body.nextToken) : 0;
  const n = Math.min(body?.maxResults ?? size, size);
  const next = start + n < items.length ? String(start + n) : undefined;
  return { items: items.slice(start, start + n), nextToken: next };
};

const err = (status: number, errorType: string, message: string) => new DoppelApiError(message, status, errorType);

const summary = (e: GetEntityResponse): EntitySummary => ({
  entityId: e.entityId,
  entityName: e.entityName,
  arn: e.arn,
  parentEntityId: e.parentEntityId,
  status: e.status,
  hasChildEntities: e.hasChildEntities,
  creationDateTime: e.creationDateTime,
  updateDateTime: e.updateDateTime,
});

/**
 * An in-memory TwinMaker-style service behind a Transport: the routes the plugin calls,
 * with real paging (2 items a page, so every list follows nextToken) and TwinMaker errors.
 */
export function fakeService(ws: FakeWorkspace, base = '/api/datasources/proxy/uid/ds1/doppel') {
  const seen: Seen[] = [];
  const transport: Transport = async <T>(req: Request): Promise<T> => {
    const path = req.url.startsWith(base) ? req.url.slice(base.length) : req.url;
    const body = req.data as any;
    seen.push({ method: req.method, path, body });
    const parts = path.split('?')[0]!.split('/').map(decodeURIComponent);
    const answer = (v: unknown) => v as T;
    if (path === '/healthz') return answer({ status: 'ok' });
    if (path === '/doppel/version') return answer({ service: 'doppel-proxy', version: ws.version ?? '0.1.0' });
    if (path === '/doppel/whoami') return answer(ws.whoami ?? { accessKeyId: 'AKID', isAdmin: true, workspaces: [] });
    if (path.startsWith('/doppel/workspaces/')) return answer(alarmRoute(ws, req.method, path, body));
    if (path === '/workspaces-list') {
      const p = page(ws.workspaces, body);
      return answer({ workspaceSummaries: p.items, nextToken: p.nextToken });
    }
    if (path === '/queries/execution') {
      const rows = ws.entities.map((e) => ({ rowData: [e.entityId, e.entityName] }));
      const p = page(rows, body);
      return answer({
        columnDescriptions: [
          { name: 'entityId', type: 'VALUE' },
          { name: 'entityName', type: 'VALUE' },
        ],
        rows: p.items,
        nextToken: p.nextToken,
      });
    }
    const [, w, workspaceId, resource, id] = parts;
    if (w !== 'workspaces' || !ws.workspaces.some((x) => x.workspaceId === workspaceId)) {
      throw err(404, 'ResourceNotFoundException', `Workspace ${workspaceId} not found`);
    }
    if (resource === undefined) return answer(ws.workspaces.find((x) => x.workspaceId === workspaceId));
    if (resource === 'entities-list') {
      const filter = body?.filters?.[0] ?? {};
      const list = ws.entities
        .filter((e) => filter.parentEntityId === undefined || e.parentEntityId === filter.parentEntityId)
        .filter(
          (e) =>
            filter.componentTypeId === undefined ||
            Object.values(e.components ?? {}).some((c) => c.componentTypeId === filter.componentTypeId),
        )
        .map(summary);
      const p = page(list, body);
      return answer({ entitySummaries: p.items, nextToken: p.nextToken });
    }
    if (resource === 'entities' && req.method === 'PUT') {
      // UpdateEntity: only what the alarms panel sends, threshold properties of an alarm
      for (const [componentName, update] of Object.entries<any>(body.componentUpdates ?? {})) {
        const alarm = ws.alarms?.find((a) => a.entityId === id && a.componentName === componentName);
        if (!alarm?.threshold) throw err(400, 'ValidationException', `${id} has no alarm ${componentName}`);
        for (const [name, p] of Object.entries<any>(update.propertyUpdates ?? {}))
          (alarm.threshold as any)[name] = Object.values(p.value)[0];
      }
      return answer({ state: 'UPDATING', updateDateTime: 1 });
    }
    if (resource === 'entities') {
      const e = ws.entities.find((x) => x.entityId === id);
      if (!e) throw err(404, 'ResourceNotFoundException', `Entity ${id} not found`);
      return answer(e);
    }
    if (resource === 'component-types-list') {
      const p = page(ws.componentTypes, body);
      return answer({ workspaceId, componentTypeSummaries: p.items, nextToken: p.nextToken });
    }
    if (resource === 'component-types') {
      const t = ws.componentTypes.find((x) => x.componentTypeId === id);
      if (!t) throw err(404, 'ResourceNotFoundException', `Component type ${id} not found`);
      return answer(t);
    }
    if (resource === 'scenes-list') {
      return answer({
        sceneSummaries: [
          {
            sceneId: 'CookieFactory',
            contentLocation: 's3://b/CookieFactory.json',
            arn: 'a',
            creationDateTime: 1,
            updateDateTime: 2,
          },
        ],
      });
    }
    if (resource === 'entity-properties' && id === 'value') {
      const e = ws.entities.find((x) => x.entityId === body.entityId);
      const c = e?.components?.[body.componentName];
      if (!c) throw err(404, 'ResourceNotFoundException', 'Component not found');
      const propertyValues: Record<string, unknown> = {};
      for (const p of body.selectedProperties) {
        propertyValues[p] = {
          propertyReference: { entityId: body.entityId, componentName: body.componentName, propertyName: p },
          propertyValue: c.properties?.[p]?.value,
        };
      }
      return answer({ propertyValues });
    }
    if (resource === 'entity-properties' && id === 'history') {
      const pages = ws.history?.(body) ?? { '': { propertyValues: [] } };
      const p = pages[body.nextToken ?? ''];
      if (!p) throw err(400, 'ValidationException', 'Invalid nextToken');
      return answer(p);
    }
    throw err(404, 'ResourceNotFoundException', `No route ${req.method} ${path}`);
  };
  return { transport, seen };
}

/** A small cookie-factory workspace: a mixer (DOUBLE time series), a line with a static list, an alarm. */
export function cookieWorkspace(): FakeWorkspace {
  const entity = (
    id: string,
    parent: string,
    hasChildren: boolean,
    components: GetEntityResponse['components'] = {},
  ): GetEntityResponse => ({
    entityId: id,
    entityName: id.replace(/_/g, ' '),
    arn: `arn:aws:iottwinmaker:us-east-1:0:workspace/cookiefactory/entity/${id}`,
    status: { state: 'ACTIVE' },
    workspaceId: 'cookiefactory',
    parentEntityId: parent,
    hasChildEntities: hasChildren,
    creationDateTime: 1700000000,
    updateDateTime: 1700000100,
    components,
  });
  return {
    workspaces: [
      {
        workspaceId: 'cookiefactory',
        arn: 'arn:ws/cookiefactory',
        creationDateTime: 1700000000,
        updateDateTime: 1700000000,
      },
      { workspaceId: 'other', arn: 'arn:ws/other', creationDateTime: 1700000000, updateDateTime: 1700000000 },
      { workspaceId: 'third', arn: 'arn:ws/third', creationDateTime: 1700000000, updateDateTime: 1700000000 },
    ],
    entities: [
      entity('Factory', '$ROOT', true),
      entity('Mixer_0', 'Factory', false, {
        MixerComponent: {
          componentName: 'MixerComponent',
          componentTypeId: 'com.example.cookiefactory.mixer',
          properties: {
            RPM: { definition: { dataType: { type: 'DOUBLE', unitOfMeasure: 'rpm' }, isTimeSeries: true } },
            Temperature: { definition: { dataType: { type: 'DOUBLE', unitOfMeasure: '°C' }, isTimeSeries: true } },
            telemetryAssetType: { definition: { dataType: { type: 'STRING' } }, value: { stringValue: 'Mixer' } },
          },
        },
      }),
      entity('Mixer_1', 'Factory', false, {
        MixerComponent: {
          componentName: 'MixerComponent',
          componentTypeId: 'com.example.cookiefactory.mixer',
          properties: {
            RPM: { definition: { dataType: { type: 'DOUBLE' }, isTimeSeries: true } },
            Temperature: { definition: { dataType: { type: 'DOUBLE' }, isTimeSeries: true } },
          },
        },
      }),
    ],
    componentTypes: [
      {
        workspaceId: 'cookiefactory',
        componentTypeId: 'com.example.cookiefactory.mixer',
        extendsFrom: ['com.example.timestream-telemetry'],
        arn: 'arn:ct/mixer',
        creationDateTime: 1,
        updateDateTime: 1,
        propertyDefinitions: {
          RPM: { dataType: { type: 'DOUBLE', unitOfMeasure: 'rpm' }, isTimeSeries: true },
          Temperature: { dataType: { type: 'DOUBLE' }, isTimeSeries: true },
          telemetryAssetType: { dataType: { type: 'STRING' }, isTimeSeries: false, isInherited: true },
        },
      },
      {
        workspaceId: 'cookiefactory',
        componentTypeId: 'com.example.timestream-telemetry',
        arn: 'arn:ct/telemetry',
        creationDateTime: 1,
        updateDateTime: 1,
        propertyDefinitions: { telemetryAssetType: { dataType: { type: 'STRING' }, isTimeSeries: false } },
      },
    ],
  };
}

/** One stored value, as the live stream sends it. */
export interface StoredPoint {
  entityId: string;
  componentName: string;
  propertyName: string;
  time: string;
  value: DataValue;
}

/**
 * GetPropertyValueHistory answered from `points` (read when asked, so points added later
 * show in the next read): by entity and component, or by every component of a
 * componentTypeId; the selected properties; one series per (entity, component, property).
 */
export function storedHistory(ws: FakeWorkspace, points: StoredPoint[]): NonNullable<FakeWorkspace['history']> {
  const ofType = (p: StoredPoint, componentTypeId: string) =>
    ws.entities.find((e) => e.entityId === p.entityId)?.components?.[p.componentName]?.componentTypeId ===
    componentTypeId;
  return (body) => {
    const series = new Map<string, PropertyValueHistory>();
    for (const p of points) {
      const where = body.componentTypeId
        ? ofType(p, body.componentTypeId)
        : p.entityId === body.entityId && p.componentName === body.componentName;
      if (!where || !body.selectedProperties.includes(p.propertyName)) continue;
      const key = `${p.entityId}/${p.componentName}/${p.propertyName}`;
      let s = series.get(key);
      if (!s) {
        const { entityId, componentName, propertyName } = p;
        series.set(key, (s = { entityPropertyReference: { entityId, componentName, propertyName }, values: [] }));
      }
      s.values!.push({ time: p.time, value: p.value });
    }
    return { '': { propertyValues: [...series.values()] } };
  };
}

/** The entity and every entity under it. */
function subtree(ws: FakeWorkspace, root: string): Set<string> {
  const out = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const e of ws.entities)
      if (e.parentEntityId && out.has(e.parentEntityId) && !out.has(e.entityId)) grew = out.add(e.entityId).size > 0;
  }
  return out;
}

/** The alarm routes of the contract: listing (status, entity subtree, paging) and the three actions. */
function alarmRoute(ws: FakeWorkspace, method: string, path: string, body: any): unknown {
  const url = new URL(path, 'http://fake');
  const [, , , workspaceId, resource, entityId, rest, sub] = url.pathname.split('/').map(decodeURIComponent);
  if (!ws.workspaces.some((x) => x.workspaceId === workspaceId))
    throw err(404, 'ResourceNotFoundException', `Workspace ${workspaceId} not found`);
  if (resource !== 'alarms') throw err(404, 'ResourceNotFoundException', `No route ${method} ${path}`);
  const alarms = (ws.alarms ??= []);
  if (method === 'GET' && entityId === undefined) {
    const statuses = url.searchParams.getAll('status').flatMap((s) => s.split(','));
    const under = url.searchParams.get('entityId');
    const scope = under ? subtree(ws, under) : undefined;
    const list = alarms.filter(
      (a) => (!statuses.length || statuses.includes(a.status)) && (!scope || scope.has(a.entityId)),
    );
    const start = Number(url.searchParams.get('nextToken') ?? 0);
    const n = Number(url.searchParams.get('maxResults') ?? 100);
    const next = start + n < list.length ? String(start + n) : undefined;
    return { alarms: list.slice(start, start + n), ...(next ? { nextToken: next } : {}) };
  }
  if (method === 'GET' && sub === 'events') {
    const events = (ws.alarmEvents ?? []).filter((e) => e.entityId === entityId && e.componentName === rest);
    return { events: events.map(({ entityId: _e, componentName: _c, ...e }) => e) };
  }
  const [componentName, action] = (rest ?? '').split(':');
  const alarm = alarms.find((a) => a.entityId === entityId && a.componentName === componentName);
  if (method !== 'POST' || !alarm) throw err(404, 'ResourceNotFoundException', `No alarm ${entityId}/${componentName}`);
  if (ws.whoami && !ws.whoami.isAdmin && !ws.whoami.workspaces.some((w) => w.role === 'write'))
    throw err(403, 'AccessDeniedException', 'The key may only read this workspace');
  const next = { acknowledge: 'ACKNOWLEDGED', snooze: 'SNOOZE_DISABLED', reset: 'NORMAL' }[action as string];
  if (!next) throw err(404, 'ResourceNotFoundException', `No action ${action}`);
  if (action === 'acknowledge' && alarm.status === 'NORMAL')
    throw err(409, 'ConflictException', 'The alarm is NORMAL: there is nothing to acknowledge');
  Object.assign(alarm, {
    status: next,
    since: new Date().toISOString(),
    snoozedUntil: action === 'snooze' ? new Date(Date.now() + body.durationSeconds * 1000).toISOString() : null,
  });
  return { ...alarm };
}

/** An alarm record as the listing sends it. */
export function alarmRecord(entityId: string, componentName: string, patch: Partial<AlarmRecord> = {}): AlarmRecord {
  return {
    entityId,
    entityName: entityId.replace(/_/g, ' '),
    componentName,
    componentTypeId: 'doppel.alarm.threshold',
    alarmName: componentName,
    alarmKey: `${entityId}/${componentName}`,
    status: 'ACTIVE',
    severity: 3,
    since: '2021-11-05T00:30:00.000Z',
    message: null,
    threshold: {
      sourceComponent: 'MixerComponent',
      sourceProperty: 'Temperature',
      operator: '>',
      threshold: 90,
      hysteresis: 0,
      delaySeconds: 0,
    },
    sourceValue: null,
    snoozedUntil: null,
    ...patch,
  };
}
