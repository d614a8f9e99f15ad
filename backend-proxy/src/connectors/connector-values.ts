import { FastifyBaseLogger } from 'fastify';
import {
  BatchPutPropertyErrorEntry,
  BulkPoint,
  BulkResponse,
  PropertyLatestValue,
  PropertyValueEntry,
} from '../api/values';
import {
  aggregationInvalid,
  dataConnectorNotOffered,
  isTwinMakerError,
  notTimeSeries,
  propertyNotDefined,
  propertyNotInType,
} from '../errors';
import { ComponentTypeResponse } from '../api/component-types';
import { ComponentResponse } from '../api/entities';
import { isConnectorWritten } from '../model/component-types/value-source';
import { HistoryQuery } from '../model/values/history-query';
import { compareKeys, ComponentCursor, HistoryCursor } from '../model/values/paging';
import { Store } from '../store/store';
import {
  HistoryPage,
  LatestValuesPage,
  LatestValuesQuery,
  PageRequest,
  StreamSelection,
  ValueEvent,
  ValueStore,
} from '../store/values';
import { ConnectorGraph } from './connector-graph';
import { pollConnector } from './connector-poller';
import { ConnectorRegistry, RegisteredConnector } from './connector-registry';
import { LambdaWriter } from './lambda/data-writer';
import { ConnectorHistory, LambdaReader } from './lambda/lambda-reader';
import { PrometheusReader } from './prometheus/prometheus-reader';

export const DEFAULT_POLL_INTERVAL_MS = 5_000;

export interface ConnectorValueOptions {
  env?: NodeJS.ProcessEnv;
  log?: FastifyBaseLogger;
  /** how often streams of connector-backed properties poll, unless their connector says (DOPPEL_CONNECTOR_POLL_MS) */
  pollIntervalMs?: number;
}

/**
 * The one place reads choose between the built-in store and a data connector: every value
 * read of the service (GetPropertyValue, GetPropertyValueHistory, values:latest, the live
 * streams) goes through `store.values`, and this wraps it. A component type whose reader
 * functions a Lambda implements is read through its connector, one extending
 * doppel.connector.prometheus from Prometheus (model/component-types/value-source); everything
 * else goes to the built-in store untouched. By entity, the built-in store is asked first and answers
 * DOPPEL_ERR_DATA_CONNECTOR_NOT_OFFERED for connector-backed properties (it already knows
 * from its cached resolution), so built-in reads pay no extra lookup; by component type
 * and for streams the type is looked up here. BatchPut goes to the built-in store, and the
 * entries it cannot take to the type's Lambda dataWriter (see batchPut).
 */
export class ConnectorValueStore implements ValueStore {
  private readonly graph: ConnectorGraph;
  private readonly lambda: LambdaReader;
  private readonly prometheus: PrometheusReader;
  private readonly writer: LambdaWriter;

  constructor(
    private readonly inner: ValueStore,
    store: Pick<Store, 'entities' | 'componentTypes'>,
    private readonly registry: ConnectorRegistry,
    private readonly options: ConnectorValueOptions = {},
  ) {
    this.graph = new ConnectorGraph(store);
    this.lambda = new LambdaReader(this.graph, registry, options);
    this.prometheus = new PrometheusReader(this.graph, registry, options);
    this.writer = new LambdaWriter(this.graph, registry, options);
  }

  /** The reader of a type's values: a Lambda connector, Prometheus, or undefined for the built-in store. */
  private async readerOf(workspaceId: string, type: ComponentTypeResponse): Promise<Reader | undefined> {
    const source = await this.graph.source(workspaceId, type);
    return source === 'lambda' ? this.lambda : source === 'prometheus' ? this.prometheus : undefined;
  }

  private async readerOfComponent(workspaceId: string, entityId: string, componentName: string): Promise<Reader> {
    const { type } = await this.graph.component(workspaceId, entityId, componentName);
    return (await this.readerOf(workspaceId, type)) ?? this.lambda;
  }

  /**
   * BatchPut: the built-in store writes what is its own and answers entries for
   * connector-served properties with a recognisable problem (isConnectorWritten); those go to
   * their type's dataWriter, so writes of built-in properties pay nothing here. A connector
   * that fails as a whole (timeout, HTTP error, broken reply) answers 424 when nothing of the
   * request was written anywhere, as TwinMaker fails the call; when other entries were
   * written, its entries come back as errorEntries naming the failure instead, so the
   * caller is not told that stored values were not.
   */
  async batchPut(workspaceId: string, entries: PropertyValueEntry[]): Promise<BatchPutPropertyErrorEntry[]> {
    const stored = await this.inner.batchPut(workspaceId, entries);
    const forConnectors = new Set<PropertyValueEntry>();
    const kept: BatchPutPropertyErrorEntry[] = [];
    for (const errorEntry of stored) {
      const [first, ...more] = errorEntry.errors;
      if (first && more.length === 0 && isConnectorWritten(first)) forConnectors.add(first.entry);
      else kept.push(errorEntry);
    }
    if (forConnectors.size === 0) return stored;
    const bound = entries.flatMap((entry, index) => (forConnectors.has(entry) ? [{ index, entry }] : []));
    const unwritable = new Map(stored.map((e) => [e.errors[0]!.entry, e]));
    const outcome = await this.writer.write(workspaceId, bound, (entry) => kept.push(unwritable.get(entry)!));
    const writtenByStore = entries.length - stored.length;
    if (outcome.failure && writtenByStore + outcome.written === 0) throw outcome.failure;
    return [...kept, ...outcome.errorEntries];
  }

  bulkPut(workspaceId: string, points: BulkPoint[]): Promise<BulkResponse> {
    return this.inner.bulkPut(workspaceId, points);
  }

  async history(workspaceId: string, query: HistoryQuery, page: PageRequest<HistoryCursor>): Promise<HistoryPage> {
    const { selection } = query;
    if (selection.componentTypeId !== undefined) {
      const type = await this.graph.componentType(workspaceId, selection.componentTypeId);
      const reader = await this.readerOf(workspaceId, type);
      return reader
        ? this.readerHistory(reader, workspaceId, query, page)
        : this.inner.history(workspaceId, query, page);
    }
    // a connector's page token never reaches the built-in store, nor ours a connector
    if (page.after?.c !== undefined) return this.connectorHistory(workspaceId, query, page);
    try {
      return await this.inner.history(workspaceId, query, page);
    } catch (e) {
      if (!connectorBacked(e)) throw e;
      const reader = await this.readerOfComponent(workspaceId, selection.entityId, selection.componentName);
      return this.readerHistory(reader, workspaceId, query, page);
    }
  }

  /**
   * History a connector answers. Prometheus takes a requested aggregation's interval as its
   * step (its resolution); a Lambda connector has no notion of our aggregation, so that is
   * refused rather than ignored.
   */
  private readerHistory(reader: Reader, workspaceId: string, query: HistoryQuery, page: PageRequest<HistoryCursor>) {
    if (reader === this.prometheus) return this.prometheus.history(workspaceId, query, page);
    return this.connectorHistory(workspaceId, query, page);
  }

  /** History a Lambda connector answers; it has no notion of our aggregation, so that is refused rather than ignored. */
  private connectorHistory(workspaceId: string, query: HistoryQuery, page: PageRequest<HistoryCursor>) {
    if (query.aggregation) {
      throw aggregationInvalid(
        'aggregation is computed by the built-in store; these properties are read through a data connector: read them without aggregation',
      );
    }
    return this.lambda.history(workspaceId, query, page);
  }

  async latestValues(
    workspaceId: string,
    query: LatestValuesQuery,
    page: PageRequest<ComponentCursor>,
  ): Promise<LatestValuesPage> {
    const { selection, propertyNames } = query;
    if (selection.entityId !== undefined) {
      try {
        return await this.inner.latestValues(workspaceId, query, page);
      } catch (e) {
        if (!connectorBacked(e)) throw e;
        const reader = await this.readerOfComponent(workspaceId, selection.entityId, selection.componentName);
        return { values: await reader.latest(workspaceId, selection.entityId, selection.componentName, propertyNames) };
      }
    }
    const type = await this.graph.componentType(workspaceId, selection.componentTypeId);
    const reader = await this.readerOf(workspaceId, type);
    if (!reader) return this.inner.latestValues(workspaceId, query, page);
    for (const name of propertyNames) {
      if (!type.propertyDefinitions?.[name]) throw propertyNotInType(name, type.componentTypeId);
    }
    const components = (await this.graph.componentsOfType(workspaceId, type.componentTypeId)).filter(
      (c) => !page.after || compareKeys([c.entityId, c.componentName], page.after) > 0,
    );
    const values: PropertyLatestValue[] = [];
    for (const c of components.slice(0, page.limit)) {
      values.push(...(await reader.latest(workspaceId, c.entityId, c.componentName, propertyNames)));
    }
    const last = components[page.limit - 1];
    return components.length > page.limit && last ? { values, next: [last.entityId, last.componentName] } : { values };
  }

  async stream(
    workspaceId: string,
    selection: StreamSelection,
    afterSeq: number | undefined,
    listener: (event: ValueEvent) => void,
  ): Promise<() => void> {
    const polled = await this.polledStream(workspaceId, selection);
    if (!polled) return this.inner.stream(workspaceId, selection, afterSeq, listener);
    const { reader, connector, propertyNames } = polled;
    return pollConnector({
      selection: selection.selection,
      propertyNames,
      intervalMs: connector.entry.pollIntervalMs ?? this.options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
      connectorName: connector.name,
      afterMs: afterSeq,
      read: (query, nextToken) => reader.read(workspaceId, query, { maxResults: 1000, nextToken }),
      deliver: listener,
      log: this.options.log,
    });
  }

  /** The reader, connector and properties a stream polls, or undefined when the built-in store streams it. */
  private async polledStream(
    workspaceId: string,
    { selection, propertyNames }: StreamSelection,
  ): Promise<{ reader: Reader; connector: RegisteredConnector; propertyNames: string[] } | undefined> {
    const byType = selection.componentTypeId !== undefined;
    const found: { type: ComponentTypeResponse; component?: ComponentResponse } = byType
      ? { type: await this.graph.componentType(workspaceId, selection.componentTypeId) }
      : await this.graph.component(workspaceId, selection.entityId, selection.componentName);
    const source = await this.graph.source(workspaceId, found.type);
    if (source === 'store') return undefined;
    const reader = source === 'lambda' ? this.lambda : this.prometheus;
    const connector =
      source === 'lambda' ? this.lambda.connectorOf(found.type, byType)! : this.prometheus.connectorOf(found.component);
    const definitions = found.component
      ? Object.fromEntries(Object.entries(found.component.properties).map(([n, p]) => [n, p.definition]))
      : (found.type.propertyDefinitions ?? {});
    const names =
      propertyNames && propertyNames.length > 0
        ? [...new Set(propertyNames)]
        : Object.keys(definitions).filter((n) => definitions[n]?.isTimeSeries);
    for (const name of names) {
      const definition = definitions[name];
      if (!definition) {
        throw byType
          ? propertyNotInType(name, found.type.componentTypeId)
          : propertyNotDefined(name, selection.componentName!, selection.entityId!);
      }
      if (!definition.isTimeSeries) {
        throw notTimeSeries(
          `Property ${name} is not a time-series property: it has no stream; select time-series properties only`,
        );
      }
    }
    return { reader, connector, propertyNames: names };
  }
}

/** What the service asks of a connector, whichever kind. */
interface Reader {
  history(workspaceId: string, query: HistoryQuery, page: PageRequest<HistoryCursor>): Promise<HistoryPage>;
  read(
    workspaceId: string,
    query: HistoryQuery,
    page: { maxResults: number; nextToken?: string },
  ): Promise<ConnectorHistory>;
  latest(
    workspaceId: string,
    entityId: string,
    componentName: string,
    propertyNames: string[],
  ): Promise<PropertyLatestValue[]>;
}

function connectorBacked(e: unknown): boolean {
  return isTwinMakerError(e) && e.code === dataConnectorNotOffered.code;
}
