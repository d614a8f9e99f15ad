import { getBackendSrv, isFetchError } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';

import type {
  AlarmAction,
  AlarmActionBody,
  AlarmEvent,
  AlarmRecord,
  ListAlarmsRequest,
  ListAlarmsResponse,
  WhoAmI,
} from './alarms';
import type {
  ComponentTypeSummary,
  EntitySummary,
  ExecuteQueryResponse,
  GetComponentTypeResponse,
  GetEntityResponse,
  GetPropertyValueHistoryResponse,
  GetPropertyValueResponse,
  ListEntitiesFilter,
  PropertyFilter,
  SceneSummary,
  ServiceVersion,
  WorkspaceSummary,
} from './twinmaker';

/** The plugin.json route path under the data source's proxy URL that reaches the service. */
export const SERVICE_ROUTE = 'doppel';

/** A failed call: the TwinMaker error type and message, or `unreachable` when no service answered. */
export class DoppelApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly errorType?: string,
    readonly unreachable = false,
  ) {
    super(message);
    this.name = 'DoppelApiError';
  }
}

export interface Request {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  data?: unknown;
}

/** Sends one request and resolves with the JSON body; rejects with DoppelApiError. */
export type Transport = <T>(request: Request) => Promise<T>;

/** Transport through Grafana's backend service (the data proxy adds the credential). */
export const backendSrvTransport: Transport = async <T>(request: Request): Promise<T> => {
  try {
    const response = await lastValueFrom(
      getBackendSrv().fetch<T>({
        method: request.method,
        url: request.url,
        data: request.data,
        showErrorAlert: false,
        showSuccessAlert: false,
        headers: request.data !== undefined ? { 'Content-Type': 'application/json' } : undefined,
      }),
    );
    return response.data;
  } catch (error) {
    throw toApiError(error);
  }
};

/** Turns what backendSrv throws into a DoppelApiError that says what went wrong. */
export function toApiError(error: unknown): DoppelApiError {
  if (error instanceof DoppelApiError) return error;
  if (isFetchError(error)) {
    const body = (error.data ?? {}) as { message?: string; Message?: string; __type?: string; code?: string };
    const headers = (error as { headers?: { get?: (name: string) => string | null } }).headers;
    const headerType = headers?.get?.('x-amzn-errortype') ?? undefined;
    const errorType = sanitizeErrorType(headerType ?? body.code ?? body.__type);
    const message = body.message ?? body.Message ?? error.statusText ?? 'Request failed';
    // No TwinMaker error type and a gateway status (or none at all): nothing answered behind the proxy.
    const unreachable = !errorType && (error.status === undefined || error.status <= 0 || error.status >= 502);
    return new DoppelApiError(String(message), error.status ?? 0, errorType, unreachable);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new DoppelApiError(message, 0, undefined, true);
}

function sanitizeErrorType(value: string | undefined): string | undefined {
  if (!value) return undefined;
  return value.split(/[,:]/)[0]!.split('#').pop() || undefined;
}

const enc = encodeURIComponent;

/** Typed calls to the Doppel service (TwinMaker REST API + /doppel extensions) under one base URL. */
export class DoppelClient {
  constructor(
    /** e.g. `/api/datasources/proxy/uid/<uid>/doppel` */
    readonly baseUrl: string,
    private readonly transport: Transport = backendSrvTransport,
  ) {}

  private call<T>(method: Request['method'], path: string, data?: unknown): Promise<T> {
    return this.transport<T>({ method, url: `${this.baseUrl}${path}`, data });
  }

  health() {
    return this.call<{ status: string }>('GET', '/healthz');
  }
  version() {
    return this.call<ServiceVersion>('GET', '/doppel/version');
  }
  listWorkspaces(nextToken?: string, maxResults = 200) {
    return this.call<{ workspaceSummaries?: WorkspaceSummary[]; nextToken?: string }>('POST', '/workspaces-list', {
      maxResults,
      ...(nextToken ? { nextToken } : {}),
    });
  }
  getWorkspace(workspaceId: string) {
    return this.call<WorkspaceSummary>('GET', `/workspaces/${enc(workspaceId)}`);
  }
  listEntities(workspaceId: string, filters: ListEntitiesFilter[] = [], nextToken?: string, maxResults = 200) {
    return this.call<{ entitySummaries?: EntitySummary[]; nextToken?: string }>(
      'POST',
      `/workspaces/${enc(workspaceId)}/entities-list`,
      { ...(filters.length ? { filters } : {}), maxResults, ...(nextToken ? { nextToken } : {}) },
    );
  }
  getEntity(workspaceId: string, entityId: string) {
    return this.call<GetEntityResponse>('GET', `/workspaces/${enc(workspaceId)}/entities/${enc(entityId)}`);
  }
  listComponentTypes(workspaceId: string, nextToken?: string, maxResults = 200, filters: object[] = []) {
    return this.call<{ componentTypeSummaries: ComponentTypeSummary[]; nextToken?: string }>(
      'POST',
      `/workspaces/${enc(workspaceId)}/component-types-list`,
      { maxResults, ...(filters.length ? { filters } : {}), ...(nextToken ? { nextToken } : {}) },
    );
  }
  getComponentType(workspaceId: string, componentTypeId: string) {
    return this.call<GetComponentTypeResponse>(
      'GET',
      `/workspaces/${enc(workspaceId)}/component-types/${enc(componentTypeId)}`,
    );
  }
  listScenes(workspaceId: string, nextToken?: string, maxResults = 200) {
    return this.call<{ sceneSummaries?: SceneSummary[]; nextToken?: string }>(
      'POST',
      `/workspaces/${enc(workspaceId)}/scenes-list`,
      { maxResults, ...(nextToken ? { nextToken } : {}) },
    );
  }
  getPropertyValue(
    workspaceId: string,
    request: { entityId?: string; componentName?: string; componentTypeId?: string; selectedProperties: string[] },
    nextToken?: string,
  ) {
    return this.call<GetPropertyValueResponse>('POST', `/workspaces/${enc(workspaceId)}/entity-properties/value`, {
      ...request,
      ...(nextToken ? { nextToken } : {}),
    });
  }
  getPropertyValueHistory(
    workspaceId: string,
    request: {
      entityId?: string;
      componentName?: string;
      componentTypeId?: string;
      selectedProperties: string[];
      propertyFilters?: PropertyFilter[];
      startTime?: string;
      endTime?: string;
      orderByTime?: 'ASCENDING' | 'DESCENDING';
      maxResults?: number;
      /** our extension: one value per bucket (minmax: both extremes) instead of every stored value */
      aggregation?: { function: string; intervalInSeconds?: number; maxPoints?: number };
    },
    nextToken?: string,
  ) {
    return this.call<GetPropertyValueHistoryResponse>(
      'POST',
      `/workspaces/${enc(workspaceId)}/entity-properties/history`,
      { ...request, ...(nextToken ? { nextToken } : {}) },
    );
  }
  executeQuery(workspaceId: string, queryStatement: string, nextToken?: string, maxResults = 100) {
    return this.call<ExecuteQueryResponse>('POST', '/queries/execution', {
      workspaceId,
      queryStatement,
      maxResults,
      ...(nextToken ? { nextToken } : {}),
    });
  }
  /** UpdateEntity: e.g. `componentUpdates` that change an alarm's threshold properties. */
  updateEntity(workspaceId: string, entityId: string, request: { componentUpdates: Record<string, unknown> }) {
    return this.call<{ updateDateTime?: number; state?: string }>(
      'PUT',
      `/workspaces/${enc(workspaceId)}/entities/${enc(entityId)}`,
      request,
    );
  }
  /** Who the data source's key is, and which workspaces it may write. */
  whoami() {
    return this.call<WhoAmI>('GET', '/doppel/whoami');
  }
  /** One page of the alarm listing (every alarm under the entity, in the statuses asked). */
  listAlarms(workspaceId: string, request: ListAlarmsRequest, nextToken?: string) {
    const query = new URLSearchParams();
    if (request.statuses?.length) query.set('status', request.statuses.join(','));
    if (request.entityId) query.set('entityId', request.entityId);
    if (request.maxResults) query.set('maxResults', String(request.maxResults));
    if (nextToken) query.set('nextToken', nextToken);
    const q = query.toString();
    return this.call<ListAlarmsResponse>('GET', `/doppel/workspaces/${enc(workspaceId)}/alarms${q ? `?${q}` : ''}`);
  }
  /** Acknowledges, snoozes or resets one alarm; answers its new record. */
  alarmAction(
    workspaceId: string,
    entityId: string,
    componentName: string,
    action: AlarmAction,
    body: AlarmActionBody,
  ) {
    return this.call<AlarmRecord>(
      'POST',
      `/doppel/workspaces/${enc(workspaceId)}/alarms/${enc(entityId)}/${enc(componentName)}:${action}`,
      body,
    );
  }
  /** The alarm's transitions and actions, newest first. */
  alarmEvents(workspaceId: string, entityId: string, componentName: string, maxResults = 50) {
    return this.call<{ events: AlarmEvent[]; nextToken?: string }>(
      'GET',
      `/doppel/workspaces/${enc(workspaceId)}/alarms/${enc(entityId)}/${enc(componentName)}/events?maxResults=${maxResults}`,
    );
  }
  /** URL of `values:stream` (POST, SSE) over a list of property references. */
  valuesStreamUrl(workspaceId: string) {
    return `${this.baseUrl}/doppel/workspaces/${enc(workspaceId)}/values:stream`;
  }
  /**
   * URL of the live value stream (SSE) of one component, or of every component of a type; the
   * data proxy adds the credential, so EventSource can use it.
   */
  streamUrl(
    workspaceId: string,
    where: { entityId: string; componentName: string } | { componentTypeId: string },
    properties: string[],
  ) {
    const query = new URLSearchParams(where);
    for (const p of properties) query.append('selectedProperties', p);
    return `${this.baseUrl}/doppel/workspaces/${enc(workspaceId)}/stream?${query.toString()}`;
  }
}
