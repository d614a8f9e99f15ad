import { Value } from '@sinclair/typebox/value';
import { FastifyBaseLogger } from 'fastify';
import { DataValue, sharedSchemas } from '../../api/common';
import { ComponentTypeResponse, PropertyDefinitionRequest } from '../../api/component-types';
import { connectorNotRegistered, connectorReplyInvalid, isTwinMakerError } from '../../errors';
import { checkValue } from '../../model/data-values';
import { applyPropertyRequests, initialProperties, PropertyRequest } from '../../model/entities/component-properties';
import { ResolvedComponentType } from '../../model/types';
import { ConnectorRegistry } from '../connector-registry';
import { invokeHttpLambda } from './invoke-http';
import { componentProperties } from './reader-events';
import { coerce } from './reader-replies';

/** The Lambda ARN of a type's schemaInitializer, when a Lambda implements it (inherited ones included). */
export function initializerArn(type: ComponentTypeResponse): string | undefined {
  const implementedBy = type.functions?.schemaInitializer?.implementedBy;
  return implementedBy?.lambda?.arn && !implementedBy.isNative ? implementedBy.lambda.arn : undefined;
}

/**
 * TwinMaker's schemaInitializer at CreateEntity (and UpdateEntity adding a component): the
 * type's Lambda is sent `{workspaceId, entityId, componentName, properties}` — the new
 * component's properties as they would be, definitions and values — and answers
 * `{properties: {name: {definition?, value?}}}`, which are imported into the component:
 * definitions of properties the type does not have (marked isImported, as TwinMaker marks
 * them) and values. What the caller sent for a property wins over what is imported, so a
 * value given in the request is never overwritten by the connector. A reply that breaks the
 * contract or would make an invalid component is the connector's failure (424 naming the
 * connector and the member), not the caller's.
 */
export class SchemaInitializer {
  constructor(
    private readonly registry: ConnectorRegistry,
    private readonly options: { env?: NodeJS.ProcessEnv; log?: FastifyBaseLogger } = {},
  ) {}

  /** The property requests to create the component with: the caller's, plus what the connector imports. */
  async initialize(
    workspaceId: string,
    entityId: string,
    componentName: string,
    type: ComponentTypeResponse,
    requested: Record<string, PropertyRequest>,
  ): Promise<Record<string, PropertyRequest>> {
    const arn = initializerArn(type)!;
    const connector = this.registry.lambdaFor(arn);
    if (!connector) throw connectorNotRegistered(`Lambda ${arn} (component type ${type.componentTypeId})`);
    const resolved = { propertyDefinitions: type.propertyDefinitions ?? {} } as ResolvedComponentType;
    const event = {
      workspaceId,
      entityId,
      componentName,
      properties: componentProperties({ properties: eventProperties(resolved, requested) }),
    };
    const reply = await invokeHttpLambda(connector, event, this.options);
    let imported: Record<string, PropertyRequest>;
    try {
      imported = importedProperties(resolved, reply);
    } catch (e) {
      if (e instanceof ReplyProblem) throw connectorReplyInvalid(connector.name, e.message);
      throw e;
    }
    const merged: Record<string, PropertyRequest> = { ...imported };
    for (const [name, request] of Object.entries(requested)) {
      const from = imported[name];
      merged[name] = from
        ? {
            ...from,
            ...request,
            ...(request.definition === undefined && from.definition && { definition: from.definition }),
            ...(request.value === undefined && from.value && { value: from.value }),
          }
        : request;
    }
    return merged;
  }
}

class ReplyProblem extends Error {}

/** The component's properties as the event shows them: the type's definitions and defaults, and the caller's values. */
function eventProperties(
  type: ResolvedComponentType,
  requested: Record<string, PropertyRequest>,
): Record<string, { definition?: object; value?: DataValue }> {
  const out: Record<string, { definition?: object; value?: DataValue }> = {};
  for (const [name, state] of initialProperties(type)) out[name] = { ...state };
  for (const [name, request] of Object.entries(requested)) {
    if (request.updateType === 'DELETE') continue;
    const definition = out[name]?.definition ?? request.definition;
    out[name] = {
      ...(definition && { definition }),
      ...((request.value ?? out[name]?.value) && { value: request.value ?? out[name]!.value }),
    };
  }
  return out;
}

/**
 * The reply's `properties` as property requests, string-encoded values typed (as readers'
 * replies are), each checked by the same rules a caller's request meets.
 */
function importedProperties(type: ResolvedComponentType, reply: unknown): Record<string, PropertyRequest> {
  const properties = (reply as { properties?: unknown } | null)?.properties;
  if (properties === undefined || properties === null) return {};
  if (typeof properties !== 'object' || Array.isArray(properties)) {
    throw new ReplyProblem('properties must be a map of property name → {definition, value}');
  }
  const out: Record<string, PropertyRequest> = {};
  for (const [name, raw] of Object.entries(properties as Record<string, unknown>)) {
    const at = `properties.${name}`;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ReplyProblem(`${at} must be an object`);
    const { definition, value } = raw as { definition?: unknown; value?: unknown };
    if (definition !== undefined && !Value.Check(PropertyDefinitionRequest, sharedSchemas, definition)) {
      const first = Value.Errors(PropertyDefinitionRequest, sharedSchemas, definition).First();
      throw new ReplyProblem(
        `${at}.definition${first?.path ?? ''} ${first?.message ?? 'is not a property definition'}`,
      );
    }
    const request: PropertyRequest = { ...(definition !== undefined && { definition, imported: true }) };
    if (value !== undefined) {
      const dataType = type.propertyDefinitions[name]?.dataType ?? (definition as PropertyDefinitionRequest)?.dataType;
      if (!dataType) throw new ReplyProblem(`${at}: not a property of the type, and no definition.dataType`);
      if (!value || typeof value !== 'object' || Array.isArray(value)) {
        throw new ReplyProblem(`${at}.value must be a DataValue object`);
      }
      const typed = coerce(dataType, value as DataValue);
      const problem = checkValue(dataType, typed, `${at}.value`);
      if (problem) throw new ReplyProblem(problem);
      request.value = typed;
    }
    out[name] = request;
  }
  try {
    // the rules a caller's request meets: data types agree, no time-series value, a dataType for new ones
    applyPropertyRequests(type, initialProperties(type), out, 'reply');
  } catch (e) {
    if (isTwinMakerError(e)) throw new ReplyProblem(e.message);
    throw e;
  }
  return out;
}
