import { ComponentTypeRequest } from '../../api/component-types';
import { ResolvedComponentType } from '../types';
import { resolveComponentType } from './resolve';
import { PROMETHEUS_TYPE } from './value-source';

/**
 * The component types TwinMaker provides in every workspace (reference §8) and Doppel's own.
 * They live in reserved namespaces: listed and extendable like any type, never created,
 * changed or deleted by users.
 */
export const reservedNamespace = 'com.amazon.';
/** Doppel's built-in types (`doppel.video.stream` …); reserved so later built-ins never clash with a user's type. */
export const doppelNamespace = 'doppel.';

export function isBuiltIn(componentTypeId: string): boolean {
  return componentTypeId.startsWith(reservedNamespace) || componentTypeId.startsWith(doppelNamespace);
}

const string = { dataType: { type: 'STRING' as const } };

/** The threshold alarm (see model/alarms): evaluated by the service as values arrive. */
export const THRESHOLD_ALARM_TYPE = 'doppel.alarm.threshold';
export const ALARM_BASE_TYPE = 'com.amazon.iottwinmaker.alarm.basic';

const thresholdAlarmType: Record<string, ComponentTypeRequest> = {
  [THRESHOLD_ALARM_TYPE]: {
    description:
      'Alarm on a time-series property of the same entity: ACTIVE while sourceComponent.sourceProperty <operator> threshold has held for delaySeconds, back to NORMAL past the hysteresis',
    componentTypeName: 'Threshold alarm',
    extendsFrom: [ALARM_BASE_TYPE],
    propertyDefinitions: {
      // default: entityId/componentName (an alarm of ours needs no external key)
      alarm_key: { isRequiredInEntity: false },
      sourceComponent: { ...string, isRequiredInEntity: true },
      sourceProperty: { ...string, isRequiredInEntity: true },
      operator: {
        dataType: {
          type: 'STRING',
          allowedValues: ['>', '>=', '<', '<=', '==', '!='].map((stringValue) => ({ stringValue })),
        },
        isRequiredInEntity: true,
      },
      threshold: { dataType: { type: 'DOUBLE' }, isRequiredInEntity: true },
      hysteresis: { dataType: { type: 'DOUBLE' }, defaultValue: { doubleValue: 0 } },
      delaySeconds: { dataType: { type: 'INTEGER' }, defaultValue: { integerValue: 0 } },
      severity: {
        dataType: {
          type: 'INTEGER',
          allowedValues: [1, 2, 3, 4, 5].map((integerValue) => ({ integerValue })),
        },
        defaultValue: { integerValue: 3 },
      },
      alarm_message: { ...string },
    },
    // alarm_status lives in the built-in store: the service writes each transition there
    functions: { dataReader: { implementedBy: { isNative: true } } },
  },
};

export const builtInComponentTypes: Record<string, ComponentTypeRequest> = {
  'com.amazon.iottwinmaker.alarm.basic': {
    description: 'Alarm base type: extend it and implement dataReader to read alarm_status',
    componentTypeName: 'Alarm',
    propertyDefinitions: {
      alarm_key: { ...string, isExternalId: true, isRequiredInEntity: true },
      alarm_status: {
        dataType: {
          type: 'STRING',
          allowedValues: ['ACTIVE', 'SNOOZE_DISABLED', 'ACKNOWLEDGED', 'NORMAL'].map((stringValue) => ({
            stringValue,
          })),
        },
        isTimeSeries: true,
        isStoredExternally: true,
      },
    },
    // declared without implementation: abstract until a subtype implements it
    functions: { dataReader: {} },
  },
  'com.amazon.iottwinmaker.documents': {
    description: 'Links to documents about an entity (title → URL)',
    componentTypeName: 'Documents',
    propertyDefinitions: { documents: { dataType: { type: 'MAP', nestedType: { type: 'STRING' } } } },
  },
  'com.amazon.iottwinmaker.parameters': {
    description: 'Static key/value parameters: add properties with a definition on the component',
    componentTypeName: 'Parameters',
  },
  'com.amazon.iotsitewise.connector': {
    description: 'Values of an AWS IoT SiteWise asset',
    componentTypeName: 'SiteWise asset',
    propertyDefinitions: {
      sitewiseAssetId: { ...string, isExternalId: true, isRequiredInEntity: true },
      sitewiseAssetModelId: { ...string, isRequiredInEntity: true },
    },
    functions: { dataReader: { implementedBy: { isNative: true } } },
  },
  'com.amazon.iotsitewise.connector.edgevideo': {
    description: 'Video recorded at the edge and uploaded on request',
    componentTypeName: 'Edge video',
    propertyDefinitions: {
      sitewiseAssetId: { ...string, isExternalId: true },
      KinesisVideoStreamName: { ...string, isRequiredInEntity: true },
      VideoUploadRequest: { ...string },
      CachedVideoAgeOutOnEdge: { dataType: { type: 'LONG' } },
    },
  },
  'com.amazon.kvs.video': {
    description: 'A camera stream (Kinesis Video Streams name or a stream URL)',
    componentTypeName: 'Video',
    propertyDefinitions: { KinesisVideoStreamName: { ...string, isRequiredInEntity: true } },
  },
  'doppel.video.stream': {
    description:
      'A camera: liveUrl (HLS) and recordingsUrl (an HLS playlist whose segments carry EXT-X-PROGRAM-DATE-TIME), absolute URLs or paths in the workspace resources',
    componentTypeName: 'Video stream',
    propertyDefinitions: {
      liveUrl: { ...string },
      recordingsUrl: { ...string },
      posterUrl: { ...string },
    },
  },
  ...thresholdAlarmType,
  [PROMETHEUS_TYPE]: {
    description:
      'Time series read from Prometheus: extend it (or add properties on the component) with time-series properties whose configuration.promql is the PromQL (${entityId}, ${componentName} and the values of the component’s other properties are filled in); connector names the connectors.yaml entry (type: prometheus) with the server’s URL',
    componentTypeName: 'Prometheus',
    propertyDefinitions: { connector: { ...string, defaultValue: { stringValue: 'prometheus' } } },
    functions: { dataReader: { implementedBy: { isNative: true } } },
  },
};

/** Every built-in type resolved (inheritance applied: they are listed parents first), by id. */
export function resolvedBuiltInComponentTypes(): Map<string, ResolvedComponentType> {
  const resolved = new Map<string, ResolvedComponentType>();
  for (const [id, request] of Object.entries(builtInComponentTypes)) {
    const parents = (request.extendsFrom ?? []).map((parentId) => ({
      componentTypeId: parentId,
      resolved: resolved.get(parentId)!,
    }));
    resolved.set(id, resolveComponentType(request, parents));
  }
  return resolved;
}
