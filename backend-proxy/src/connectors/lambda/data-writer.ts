import { FastifyBaseLogger } from 'fastify';
import { DataType, DataValue } from '../../api/common';
import { ComponentTypeResponse } from '../../api/component-types';
import { ComponentResponse } from '../../api/entities';
import { BatchPutPropertyError, BatchPutPropertyErrorEntry, PropertyValueEntry } from '../../api/values';
import { connectorNotRegistered, connectorReplyInvalid, isTwinMakerError, TwinMakerError } from '../../errors';
import { checkValue } from '../../model/data-values';
import { formatTime, fromEpochSeconds, parseTime } from '../../model/values/time';
import { ConnectorGraph } from '../connector-graph';
import { ConnectorRegistry, RegisteredConnector } from '../connector-registry';
import { invokeHttpLambda } from './invoke-http';
import { componentProperties } from './reader-events';

/** The Lambda ARN of a type's dataWriter, when a Lambda implements it (inherited ones included). */
export function writerArn(type: ComponentTypeResponse): string | undefined {
  const implementedBy = type.functions?.dataWriter?.implementedBy;
  return implementedBy?.lambda?.arn && !implementedBy.isNative ? implementedBy.lambda.arn : undefined;
}

/** A BatchPut entry bound for a connector, with where it is in the request. */
interface Bound {
  entryId: string;
  entry: PropertyValueEntry;
  entityId: string;
  component: ComponentResponse;
}

/** What writing entries through connectors came to. */
export interface WriterOutcome {
  /** entries the connectors refused, or that never reached one */
  errorEntries: BatchPutPropertyErrorEntry[];
  /** entries a connector accepted */
  written: number;
  /** the first connector call that failed as a whole (timeout, HTTP error, broken reply) */
  failure?: TwinMakerError;
}

/**
 * BatchPutPropertyValues to properties of a type whose dataWriter a Lambda implements: the
 * entries go to that connector with TwinMaker's writer event instead of the built-in store,
 * one call per connector per request:
 * `{workspaceId, properties: {entityId: {name: {definition, value}}}, entries: [{entryId,
 * entityPropertyReference, propertyValues: [{time, timestamp?, value}]}]}`. Its
 * `{errorEntries: [{errors: [{errorCode, errorMessage, entry}]}]}` comes back to the caller
 * with each entry as the caller sent it (matched by entryId). Values are checked against
 * the property's type first, as for the built-in store, so a connector never sees a value
 * the API would have refused.
 */
export class LambdaWriter {
  constructor(
    private readonly graph: ConnectorGraph,
    private readonly registry: ConnectorRegistry,
    private readonly options: { env?: NodeJS.ProcessEnv; log?: FastifyBaseLogger } = {},
  ) {}

  /**
   * Writes the entries (each given with its index in the request) whose types have a
   * Lambda dataWriter; `unwritable` gets the ones whose type has none, for the caller to
   * answer as the store did.
   */
  async write(
    workspaceId: string,
    entries: { index: number; entry: PropertyValueEntry }[],
    unwritable: (entry: PropertyValueEntry) => void,
  ): Promise<WriterOutcome> {
    const errorEntries: BatchPutPropertyErrorEntry[] = [];
    const groups = new Map<string, { connector: RegisteredConnector; bound: Bound[] }>();
    for (const { index, entry } of entries) {
      const found = await this.target(workspaceId, entry);
      if (!found) {
        unwritable(entry);
        continue;
      }
      const { entityId, component, type } = found;
      const arn = writerArn(type);
      if (arn === undefined) {
        unwritable(entry);
        continue;
      }
      const connector = this.registry.lambdaFor(arn);
      if (!connector) {
        const error = connectorNotRegistered(`Lambda ${arn} (component type ${type.componentTypeId})`);
        errorEntries.push(entryError(entry, error.type, error.message));
        continue;
      }
      const problem = valueProblem(entry, component);
      if (problem) {
        errorEntries.push(entryError(entry, 'ValidationException', problem));
        continue;
      }
      const group = groups.get(connector.name) ?? { connector, bound: [] };
      group.bound.push({ entryId: String(index), entry, entityId, component });
      groups.set(connector.name, group);
    }
    let written = 0;
    let failure: TwinMakerError | undefined;
    for (const { connector, bound } of groups.values()) {
      try {
        const refused = await this.invoke(workspaceId, connector, bound);
        errorEntries.push(...refused);
        written += bound.length - refused.length;
      } catch (e) {
        if (!isTwinMakerError(e)) throw e;
        failure ??= e;
        for (const b of bound) errorEntries.push(entryError(b.entry, e.type, e.message));
      }
    }
    return { errorEntries, written, ...(failure && { failure }) };
  }

  /** The component an entry writes to, by entity id or by external id; undefined leaves the store's answer. */
  private async target(workspaceId: string, entry: PropertyValueEntry) {
    const { entityId, componentName, externalIdProperty } = entry.entityPropertyReference;
    if (componentName === undefined) return undefined;
    let id = entityId;
    if (id === undefined) {
      const [only, ...more] = Object.entries(externalIdProperty ?? {});
      if (!only || more.length > 0) return undefined;
      id = await this.graph.entityByExternalId(workspaceId, componentName, only[0], only[1]);
      if (id === undefined) return undefined;
    }
    try {
      const { component, type } = await this.graph.component(workspaceId, id, componentName);
      return { entityId: id, component, type };
    } catch (e) {
      if (isTwinMakerError(e)) return undefined;
      throw e;
    }
  }

  private async invoke(
    workspaceId: string,
    connector: RegisteredConnector,
    bound: Bound[],
  ): Promise<BatchPutPropertyErrorEntry[]> {
    const properties: Record<string, Record<string, unknown>> = {};
    for (const b of bound) {
      properties[b.entityId] = { ...properties[b.entityId], ...componentProperties(b.component) };
    }
    const event = {
      workspaceId,
      properties,
      entries: bound.map((b) => ({
        entryId: b.entryId,
        entityPropertyReference: { ...b.entry.entityPropertyReference, entityId: b.entityId },
        propertyValues: b.entry.propertyValues.map((v) => ({ ...v, time: timeOf(v)! })),
      })),
    };
    const reply = await invokeHttpLambda(connector, event, this.options);
    try {
      return refusedEntries(reply, bound);
    } catch (e) {
      if (e instanceof ReplyProblem) throw connectorReplyInvalid(connector.name, e.message);
      throw e;
    }
  }
}

class ReplyProblem extends Error {}

/** The writer's errorEntries, each error's entry the caller's own (found by entryId, else by reference). */
function refusedEntries(reply: unknown, bound: Bound[]): BatchPutPropertyErrorEntry[] {
  if (reply === null || typeof reply !== 'object') throw new ReplyProblem('the reply must be an object');
  const { errorEntries } = reply as { errorEntries?: unknown };
  if (errorEntries === undefined || errorEntries === null) return [];
  if (!Array.isArray(errorEntries)) throw new ReplyProblem('errorEntries must be an array');
  const byId = new Map(bound.map((b) => [b.entryId, b]));
  return errorEntries.map((raw, i) => {
    const errors = (raw as { errors?: unknown } | null)?.errors;
    if (!Array.isArray(errors) || errors.length === 0) {
      throw new ReplyProblem(`errorEntries[${i}].errors must be a non-empty array`);
    }
    return {
      errors: errors.map((error, j): BatchPutPropertyError => {
        const at = `errorEntries[${i}].errors[${j}]`;
        const { errorCode, errorMessage, entry } = (error ?? {}) as Record<string, any>;
        if (typeof errorCode !== 'string' || typeof errorMessage !== 'string') {
          throw new ReplyProblem(`${at} needs errorCode and errorMessage strings`);
        }
        const own =
          byId.get(String(entry?.entryId)) ??
          bound.find(
            (b) =>
              entry?.entityPropertyReference?.propertyName === b.entry.entityPropertyReference.propertyName &&
              (entry.entityPropertyReference.entityId ?? b.entityId) === b.entityId,
          );
        if (!own)
          throw new ReplyProblem(`${at}.entry names no entry that was sent (entryId or entityPropertyReference)`);
        return { errorCode, errorMessage, entry: own.entry };
      }),
    };
  });
}

/** What is wrong with an entry's values for its property, as the built-in store would say it; undefined when good. */
function valueProblem(entry: PropertyValueEntry, component: ComponentResponse): string | undefined {
  const name = entry.entityPropertyReference.propertyName;
  const definition = component.properties[name]?.definition;
  if (!definition) return `Component ${component.componentName} has no property ${name}`;
  if (!definition.isTimeSeries) return `Property ${name} is not a time-series property: set it with UpdateEntity`;
  for (let i = 0; i < entry.propertyValues.length; i++) {
    const v = entry.propertyValues[i]!;
    const where = `propertyValues[${i}]`;
    if (timeOf(v) === undefined) {
      return `${where}.time is required (ISO-8601 with Z or an offset), or timestamp in epoch seconds`;
    }
    const problem = checkValue(definition.dataType as DataType, v.value as DataValue, `${where}.value`);
    if (problem) return problem;
  }
  return undefined;
}

/** An entry's time as TwinMaker sends it to writers (ISO-8601), from `time` or the deprecated `timestamp`. */
function timeOf(v: { time?: string; timestamp?: number }): string | undefined {
  const at = v.time !== undefined ? parseTime(v.time) : v.timestamp !== undefined ? fromEpochSeconds(v.timestamp) : '';
  return typeof at === 'string' ? undefined : formatTime(at.ms, at.ns);
}

function entryError(entry: PropertyValueEntry, errorCode: string, errorMessage: string): BatchPutPropertyErrorEntry {
  return { errors: [{ errorCode, errorMessage, entry }] };
}
