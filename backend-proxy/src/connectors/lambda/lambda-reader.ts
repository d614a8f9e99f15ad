import { FastifyBaseLogger } from 'fastify';
import { ComponentTypeResponse } from '../../api/component-types';
import { DataType, DataValue } from '../../api/common';
import { ComponentResponse } from '../../api/entities';
import { EntityPropertyReference, PropertyLatestValue } from '../../api/values';
import {
  connectorNotRegistered,
  connectorReplyInvalid,
  notTimeSeries,
  propertyNotDefined,
  propertyNotInType,
} from '../../errors';
import { HistoryQuery } from '../../model/values/history-query';
import { HistoryCursor } from '../../model/values/paging';
import { HistoryPage, PageRequest } from '../../store/values';
import { ConnectorRegistry, RegisteredConnector } from '../connector-registry';
import { ConnectorGraph, ExternalIdIndex } from '../connector-graph';
import { invokeHttpLambda } from './invoke-http';
import { coerce, readerReply, ReaderSeries, ReplyProblem } from './reader-replies';
import { attributeReaderEvent, historyReaderEvent } from './reader-events';

/** The reader functions of TwinMaker's contract, most specific first. */
const ENTITY_READERS = ['dataReaderByEntity', 'dataReader'] as const;
const TYPE_READERS = ['dataReaderByComponentType', 'dataReader'] as const;

/** The Lambda ARN that serves a type's reads of one kind, if a Lambda serves them. */
export function readerArn(type: ComponentTypeResponse, byType: boolean): string | undefined {
  for (const fn of byType ? TYPE_READERS : ENTITY_READERS) {
    const implementedBy = type.functions?.[fn]?.implementedBy;
    if (implementedBy?.lambda?.arn && !implementedBy.isNative) return implementedBy.lambda.arn;
  }
  return undefined;
}

/** One history page read from a connector, values already checked and typed. */
export interface ConnectorHistory {
  series: ReaderSeries[];
  nextToken?: string;
  connector: RegisteredConnector;
}

/**
 * Reads property values through Lambda data connectors re-hosted behind HTTP: builds the
 * event TwinMaker would send, invokes the registry's endpoint for the function's ARN and maps
 * the reply back (types coerced, external ids resolved to entities, nextToken carried).
 */
export class LambdaReader {
  constructor(
    private readonly graph: ConnectorGraph,
    private readonly registry: ConnectorRegistry,
    private readonly options: { env?: NodeJS.ProcessEnv; log?: FastifyBaseLogger } = {},
  ) {}

  /** The connector a type's reads go to; undefined when the type's values are the built-in store's. */
  connectorOf(type: ComponentTypeResponse, byType: boolean): RegisteredConnector | undefined {
    const arn = readerArn(type, byType);
    if (arn === undefined) return undefined;
    const connector = this.registry.lambdaFor(arn);
    if (!connector) throw connectorNotRegistered(`Lambda ${arn} (component type ${type.componentTypeId})`);
    return connector;
  }

  /** GetPropertyValueHistory through the connector, one page. */
  async history(workspaceId: string, query: HistoryQuery, page: PageRequest<HistoryCursor>): Promise<HistoryPage> {
    const read = await this.read(workspaceId, query, { maxResults: page.limit, nextToken: page.after?.c });
    return {
      series: read.series.map((s) => ({
        reference: s.reference,
        values: Buffer.from(s.points.map((p) => p.point).join(','), 'utf8'),
      })),
      ...(read.nextToken !== undefined && { next: { k: ['', '', ''], t: [0, 0], c: read.nextToken } }),
    };
  }

  /** One page of a history read, as series of checked points. */
  async read(
    workspaceId: string,
    query: HistoryQuery,
    page: { maxResults: number; nextToken?: string },
  ): Promise<ConnectorHistory> {
    const { selection } = query;
    if (selection.entityId !== undefined) {
      const { component, type } = await this.graph.component(workspaceId, selection.entityId, selection.componentName);
      const types = this.selectedTypes(query.propertyNames, (name) => {
        const definition = component.properties[name]?.definition;
        if (!definition) throw propertyNotDefined(name, selection.componentName, selection.entityId);
        return definition;
      });
      const connector = this.connectorOf(type, false)!;
      const event = historyReaderEvent(workspaceId, query, { component, entityId: selection.entityId }, page);
      const reply = this.mapped(connector, await this.invoke(connector, event), types);
      // a single-entity reader may leave the component out of its references: it is the one asked for
      for (const s of reply.series) {
        s.reference = { entityId: selection.entityId, componentName: selection.componentName, ...s.reference };
      }
      return { ...reply, connector };
    }
    const type = await this.graph.componentType(workspaceId, selection.componentTypeId);
    const types = this.selectedTypes(query.propertyNames, (name) => {
      const definition = type.propertyDefinitions?.[name];
      if (!definition) throw propertyNotInType(name, type.componentTypeId);
      return definition;
    });
    const connector = this.connectorOf(type, true)!;
    const event = historyReaderEvent(workspaceId, query, { type }, page);
    const reply = this.mapped(connector, await this.invoke(connector, event), types);
    const index = this.graph.externalIds(workspaceId, type.componentTypeId);
    for (const s of reply.series) s.reference = await withEntity(s.reference, index);
    return { ...reply, connector };
  }

  /**
   * GetPropertyValue of one connector-backed component: time-series properties read as the
   * newest value of their history, non-time-series ones stored externally through the
   * attributePropertyValueReaderByEntity function, the others from the knowledge graph.
   */
  async latest(
    workspaceId: string,
    entityId: string,
    componentName: string,
    propertyNames: string[],
  ): Promise<PropertyLatestValue[]> {
    const { component, type } = await this.graph.component(workspaceId, entityId, componentName);
    const values = new Map<string, DataValue | undefined>();
    const external: string[] = [];
    for (const name of propertyNames) {
      const p = component.properties[name];
      if (!p?.definition) throw propertyNotDefined(name, componentName, entityId);
      if (p.definition.isTimeSeries && readerArn(type, false) !== undefined) {
        values.set(name, await this.newest(workspaceId, entityId, componentName, name));
      } else if (p.definition.isStoredExternally && attributeArn(type) !== undefined) {
        external.push(name);
      } else {
        values.set(name, p.value);
      }
    }
    if (external.length > 0) {
      for (const [name, value] of await this.attributes(workspaceId, entityId, component, type, external)) {
        values.set(name, value);
      }
    }
    return propertyNames.map((name) => {
      const propertyReference = { entityId, componentName, propertyName: name };
      const value = values.get(name);
      return value === undefined ? { propertyReference } : { propertyReference, propertyValue: value };
    });
  }

  private async newest(workspaceId: string, entityId: string, componentName: string, propertyName: string) {
    const query: HistoryQuery = {
      selection: { entityId, componentName },
      propertyNames: [propertyName],
      from: { ms: 0, ns: 0 },
      // a day ahead, so a source whose clock runs fast is still seen
      to: { ms: Date.now() + 86_400_000, ns: 0 },
      descending: true,
      filters: [],
    };
    const read = await this.read(workspaceId, query, { maxResults: 1 });
    const point = read.series.find((s) => s.points.length > 0)?.points[0];
    return point ? (JSON.parse(point.point) as { value: DataValue }).value : undefined;
  }

  private async attributes(
    workspaceId: string,
    entityId: string,
    component: ComponentResponse,
    type: ComponentTypeResponse,
    names: string[],
  ): Promise<Map<string, DataValue>> {
    const arn = attributeArn(type)!;
    const connector = this.registry.lambdaFor(arn);
    if (!connector) throw connectorNotRegistered(`Lambda ${arn} (component type ${type.componentTypeId})`);
    const reply = (await this.invoke(connector, attributeReaderEvent(workspaceId, entityId, component, names))) as {
      propertyValues?: Record<string, { propertyValue?: DataValue }>;
    };
    if (!reply || typeof reply.propertyValues !== 'object' || reply.propertyValues === null) {
      throw connectorReplyInvalid(connector.name, 'propertyValues is not a map of property name → value');
    }
    const out = new Map<string, DataValue>();
    for (const name of names) {
      const value = reply.propertyValues[name]?.propertyValue;
      const dataType = component.properties[name]!.definition!.dataType as DataType;
      if (value && typeof value === 'object') out.set(name, coerce(dataType, value));
    }
    return out;
  }

  private selectedTypes(
    names: string[],
    definitionOf: (name: string) => { dataType: unknown; isTimeSeries: boolean },
  ): Map<string, DataType> {
    const types = new Map<string, DataType>();
    for (const name of names) {
      const definition = definitionOf(name);
      if (!definition.isTimeSeries) {
        throw notTimeSeries(`Property ${name} is not a time-series property: read its value with GetPropertyValue`);
      }
      types.set(name, definition.dataType as DataType);
    }
    return types;
  }

  private invoke(connector: RegisteredConnector, event: unknown): Promise<unknown> {
    return invokeHttpLambda(connector, event, this.options);
  }

  private mapped(connector: RegisteredConnector, reply: unknown, types: Map<string, DataType>) {
    try {
      return readerReply(reply, (name) => types.get(name));
    } catch (e) {
      if (e instanceof ReplyProblem) throw connectorReplyInvalid(connector.name, e.message);
      throw e;
    }
  }
}

function attributeArn(type: ComponentTypeResponse): string | undefined {
  const implementedBy = type.functions?.attributePropertyValueReaderByEntity?.implementedBy;
  return implementedBy?.lambda?.arn && !implementedBy.isNative ? implementedBy.lambda.arn : undefined;
}

/**
 * A multi-entity reader names series by external id (`{"alarm_key": "…"}`); TwinMaker answers
 * with both the external id and the entity and component that hold it.
 */
async function withEntity(reference: EntityPropertyReference, index: ExternalIdIndex) {
  if (reference.entityId !== undefined || !reference.externalIdProperty) return reference;
  const found = await index.find(reference.externalIdProperty);
  return found ? { ...reference, ...found } : reference;
}
