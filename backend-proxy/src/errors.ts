/**
 * The service's error catalogue. Every error it answers with is a TwinMakerError: the
 * TwinMaker type goes into `x-amzn-ErrorType` and the message into `{"message": …}` (what
 * `@aws-sdk/client-iottwinmaker` parses into typed exceptions), and a stable code
 * `DOPPEL_ERR_…` goes into `x-doppel-error-code`, so tests and users match on the code
 * while the message is free to say more. Each condition has one named constructor here,
 * with one wording; the README lists every code (a test keeps the two in step).
 */
export const ErrorTypes = {
  ValidationException: 400,
  QueryTimeoutException: 400,
  TooManyTagsException: 400,
  UnauthorizedException: 401,
  UnrecognizedClientException: 403,
  InvalidSignatureException: 403,
  ServiceQuotaExceededException: 402,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  UnknownOperationException: 404,
  ConflictException: 409,
  RequestTooLargeException: 413,
  RangeNotSatisfiableException: 416,
  ConnectorFailureException: 424,
  ConnectorTimeoutException: 424,
  ThrottlingException: 429,
  InternalServerException: 500,
} as const;

export type ErrorType = keyof typeof ErrorTypes;

/** The header that carries an error's stable code beside `x-amzn-ErrorType`. */
export const ERROR_CODE_HEADER = 'x-doppel-error-code';

/** One entry of the catalogue: a stable code, the TwinMaker type it answers with, what it means. */
export interface ErrorCodeEntry {
  code: string;
  type: ErrorType;
  meaning: string;
}

const catalogue = new Map<string, ErrorCodeEntry>();

/** Every code the service can send, in the order defined here. */
export function errorCatalogue(): ErrorCodeEntry[] {
  return [...catalogue.values()];
}

function register(code: string, type: ErrorType, meaning: string, generic = false): void {
  const existing = catalogue.get(code);
  // a type's only condition may keep the type's generic code: its constructor then says what it means
  if (existing && !(existing.type === type && existing.meaning.startsWith('any other'))) {
    throw new Error(`error code ${code} is defined twice`);
  }
  catalogue.set(code, { code, type, meaning: generic ? `any other ${type}` : meaning });
}

/**
 * The code an error of `type` carries when it was raised without a catalogue constructor
 * (the generic helpers below, or `new TwinMakerError(type, message)`).
 */
const GENERIC_CODES: Record<ErrorType, string> = {
  ValidationException: 'DOPPEL_ERR_VALIDATION',
  QueryTimeoutException: 'DOPPEL_ERR_QUERY_TIMEOUT',
  TooManyTagsException: 'DOPPEL_ERR_TOO_MANY_TAGS',
  UnauthorizedException: 'DOPPEL_ERR_UNAUTHORIZED',
  UnrecognizedClientException: 'DOPPEL_ERR_KEY_NOT_VALID',
  InvalidSignatureException: 'DOPPEL_ERR_INVALID_SIGNATURE',
  ServiceQuotaExceededException: 'DOPPEL_ERR_QUOTA_EXCEEDED',
  AccessDeniedException: 'DOPPEL_ERR_ACCESS_DENIED',
  ResourceNotFoundException: 'DOPPEL_ERR_NOT_FOUND',
  UnknownOperationException: 'DOPPEL_ERR_UNKNOWN_OPERATION',
  ConflictException: 'DOPPEL_ERR_CONFLICT',
  RequestTooLargeException: 'DOPPEL_ERR_TOO_LARGE',
  RangeNotSatisfiableException: 'DOPPEL_ERR_RANGE_NOT_SATISFIABLE',
  ConnectorFailureException: 'DOPPEL_ERR_CONNECTOR_FAILURE',
  ConnectorTimeoutException: 'DOPPEL_ERR_CONNECTOR_TIMEOUT',
  ThrottlingException: 'DOPPEL_ERR_THROTTLED',
  InternalServerException: 'DOPPEL_ERR_INTERNAL',
};
for (const [type, code] of Object.entries(GENERIC_CODES)) {
  register(code, type as ErrorType, '', true);
}

export class TwinMakerError extends Error {
  readonly statusCode: number;
  readonly code: string;
  constructor(
    readonly type: ErrorType,
    message: string,
    code?: string,
  ) {
    super(message);
    this.name = type;
    this.statusCode = ErrorTypes[type];
    this.code = code ?? GENERIC_CODES[type];
  }
}

/** A catalogue constructor: call it for the error; `.code` is its stable code. */
export type ErrorConstructor<A extends unknown[]> = ((...args: A) => TwinMakerError) & {
  readonly code: string;
  readonly type: ErrorType;
};

function defineError<A extends unknown[]>(
  code: string,
  type: ErrorType,
  meaning: string,
  message: (...args: A) => string,
): ErrorConstructor<A> {
  register(code, type, meaning);
  return Object.assign((...args: A) => new TwinMakerError(type, message(...args), code), { code, type });
}

const says = (text: string) => text;

// ---- the request itself -------------------------------------------------------------------

export const requestInvalid = defineError(
  'DOPPEL_ERR_REQUEST_INVALID',
  'ValidationException',
  'the request does not match the operation schema (a member is missing, of the wrong type or out of range)',
  says,
);
export const bodyNotJson = defineError(
  'DOPPEL_ERR_BODY_NOT_JSON',
  'ValidationException',
  'the request body is not valid JSON',
  (detail: string) => `The request body is not valid JSON (${detail}): send a JSON object`,
);
export const bodyEmpty = defineError(
  'DOPPEL_ERR_BODY_EMPTY',
  'ValidationException',
  'the request body is empty or its length is wrong',
  () => 'The request body is empty or its length is wrong: send a JSON object',
);
export const bodyRequired = defineError(
  'DOPPEL_ERR_BODY_REQUIRED',
  'ValidationException',
  'the operation takes a JSON body and the request has none',
  () => "The request body is required (JSON object): send the operation's members as JSON, e.g. -d '{…}'",
);
export const bodyTooLarge = defineError(
  'DOPPEL_ERR_BODY_TOO_LARGE',
  'ValidationException',
  'the request body is larger than the route accepts',
  (limit: number | string) => `Request body is larger than the ${limit} byte limit: send smaller batches`,
);
export const unknownOperation = defineError(
  'DOPPEL_ERR_UNKNOWN_OPERATION',
  'UnknownOperationException',
  'no operation matches the method and path',
  (method: string, path: string) =>
    `No operation matches ${method} ${path}: see /openapi.json for the routes this service offers`,
);
export const operationNotOffered = defineError(
  'DOPPEL_ERR_OPERATION_NOT_OFFERED',
  'ValidationException',
  'a TwinMaker operation this service does not offer (sync jobs, metadata transfer jobs, pricing plan)',
  (operation: string) => `${operation} is not supported by this service (Doppel) yet`,
);
export const compositeNotSupported = defineError(
  'DOPPEL_ERR_COMPOSITE_NOT_SUPPORTED',
  'ValidationException',
  'composite components (compositeComponents, compositeComponentUpdates, componentPath) are not offered yet',
  (member: string) =>
    `${member}: composite components are not supported by this service yet; model the parts as child entities and name them by componentName`,
);
export const internalError = defineError(
  'DOPPEL_ERR_INTERNAL',
  'InternalServerException',
  'an unexpected failure; nothing was applied (the service log has the details)',
  () => 'Internal server error; the request was not applied',
);

// ---- credentials and access ---------------------------------------------------------------

export const credentialsMissing = defineError(
  'DOPPEL_ERR_CREDENTIALS_MISSING',
  'UnauthorizedException',
  'the request carries no Authorization header',
  () =>
    'Missing credentials: send "Authorization: Bearer <accessKeyId>:<secret>" or sign the request with AWS SigV4 (service iottwinmaker)',
);
export const credentialsMalformed = defineError(
  'DOPPEL_ERR_CREDENTIALS_MALFORMED',
  'UnauthorizedException',
  'the Authorization header is of an unknown scheme or a malformed bearer token',
  says,
);
export const keyNotValid = defineError(
  'DOPPEL_ERR_KEY_NOT_VALID',
  'UnrecognizedClientException',
  'the access key id is unknown or revoked, or the secret is wrong',
  says,
);
export const signatureNotValid = defineError(
  'DOPPEL_ERR_INVALID_SIGNATURE',
  'InvalidSignatureException',
  'the SigV4 signature is malformed, expired, for another service, or does not match',
  says,
);
export const adminOnly = defineError(
  'DOPPEL_ERR_ADMIN_ONLY',
  'AccessDeniedException',
  'the operation needs an admin key (workspace creation and deletion, key management)',
  (operation: string) => `Only admin keys may call ${operation}: use an admin key`,
);
export const readOnlyKey = defineError(
  'DOPPEL_ERR_READ_ONLY_KEY',
  'AccessDeniedException',
  'the key may only read the workspace it tried to change',
  (accessKeyId: string, workspaceId: string) => `Access key ${accessKeyId} may only read workspace ${workspaceId}`,
);
export const workspaceRequired = defineError(
  'DOPPEL_ERR_WORKSPACE_REQUIRED',
  'ValidationException',
  'a scoped key called an operation without naming its workspace',
  () => 'workspaceId is required',
);

// ---- paging -------------------------------------------------------------------------------

export const nextTokenInvalid = defineError(
  'DOPPEL_ERR_NEXT_TOKEN_INVALID',
  'ValidationException',
  'the nextToken was not issued by this service or was edited',
  () => 'The nextToken is not valid: pass the nextToken from the previous response unchanged, or omit it',
);
export const nextTokenMismatch = defineError(
  'DOPPEL_ERR_NEXT_TOKEN_MISMATCH',
  'ValidationException',
  'the nextToken belongs to a request with other parameters',
  () => 'The nextToken belongs to a different request: repeat the same request parameters with it',
);

// ---- workspaces ---------------------------------------------------------------------------

export const workspaceNotFound = defineError(
  'DOPPEL_ERR_WORKSPACE_NOT_FOUND',
  'ResourceNotFoundException',
  'no such workspace, or one the key may not see',
  (workspaceId: string) => `Workspace ${workspaceId} not found`,
);
export const workspaceExists = defineError(
  'DOPPEL_ERR_WORKSPACE_EXISTS',
  'ConflictException',
  'a workspace with that id already exists',
  (workspaceId: string) => `A workspace with id ${workspaceId} already exists`,
);
export const workspaceNotEmpty = defineError(
  'DOPPEL_ERR_WORKSPACE_NOT_EMPTY',
  'ValidationException',
  'the workspace still holds entities, component types or scenes',
  (workspaceId: string, entities: number, types: number, scenes: number) =>
    `Workspace ${workspaceId} is not empty (${entities} entities, ${types} component types, ${scenes} scenes): delete them first`,
);

export const changedMeanwhile = defineError(
  'DOPPEL_ERR_CHANGED_MEANWHILE',
  'ConflictException',
  'another request deleted what this change refers to (its workspace, entity or component type) while it ran; nothing was changed',
  () =>
    'Another request deleted what this change refers to (its workspace, entity or component type) while it ran: nothing was changed; check that it still exists and retry',
);

// ---- component types ----------------------------------------------------------------------

export const componentTypeNotFound = defineError(
  'DOPPEL_ERR_COMPONENT_TYPE_NOT_FOUND',
  'ResourceNotFoundException',
  'no such component type in the workspace',
  (workspaceId: string, componentTypeId: string) =>
    `Component type ${componentTypeId} not found in workspace ${workspaceId}`,
);
export const componentTypeExists = defineError(
  'DOPPEL_ERR_COMPONENT_TYPE_EXISTS',
  'ConflictException',
  'a component type with that id already exists in the workspace',
  (workspaceId: string, componentTypeId: string) =>
    `A component type with id ${componentTypeId} already exists in workspace ${workspaceId}`,
);
export const componentTypeInvalid = defineError(
  'DOPPEL_ERR_COMPONENT_TYPE_INVALID',
  'ValidationException',
  'a component type definition breaks a rule (inheritance, overrides, property groups, functions, reserved namespace …)',
  says,
);
export const componentTypeInUse = defineError(
  'DOPPEL_ERR_COMPONENT_TYPE_IN_USE',
  'ValidationException',
  'the component type is extended by another or used by components, so it cannot be deleted',
  says,
);
export const builtInTypeReadOnly = defineError(
  'DOPPEL_ERR_BUILT_IN_TYPE_READ_ONLY',
  'ValidationException',
  'built-in component types cannot be changed or deleted',
  (componentTypeId: string, action: 'changed' | 'deleted') =>
    `${componentTypeId} is a built-in component type and cannot be ${action}`,
);

// ---- entities, components, properties -----------------------------------------------------

export const entityNotFound = defineError(
  'DOPPEL_ERR_ENTITY_NOT_FOUND',
  'ResourceNotFoundException',
  'no such entity in the workspace',
  (workspaceId: string, entityId: string) => `Entity ${entityId} not found in workspace ${workspaceId}`,
);
export const entityExists = defineError(
  'DOPPEL_ERR_ENTITY_EXISTS',
  'ConflictException',
  'an entity with that id already exists in the workspace',
  (workspaceId: string, entityId: string) => `An entity with id ${entityId} already exists in workspace ${workspaceId}`,
);
export const entityHasChildren = defineError(
  'DOPPEL_ERR_ENTITY_HAS_CHILDREN',
  'ValidationException',
  'the entity has child entities and the delete is not recursive',
  (entityId: string) => `Entity ${entityId} has child entities: delete them first or pass isRecursive=true`,
);
export const entityInvalid = defineError(
  'DOPPEL_ERR_ENTITY_INVALID',
  'ValidationException',
  'an entity, component or property change breaks a rule (parent, component updates, required or typed values, relationship targets)',
  says,
);
export const componentNotFound = defineError(
  'DOPPEL_ERR_COMPONENT_NOT_FOUND',
  'ResourceNotFoundException',
  'the entity has no component of that name',
  (entityId: string, componentName: string) => `Entity ${entityId} has no component ${componentName}`,
);
export const propertyNotDefined = defineError(
  'DOPPEL_ERR_PROPERTY_NOT_DEFINED',
  'ValidationException',
  'the component has no property of that name',
  (propertyName: string, componentName: string, entityId: string) =>
    `Property ${propertyName} is not defined on component ${componentName} of entity ${entityId}`,
);
export const notTimeSeries = defineError(
  'DOPPEL_ERR_NOT_TIME_SERIES',
  'ValidationException',
  'history or a stream was asked of a property that is not a time series',
  says,
);
export const filterInvalid = defineError(
  'DOPPEL_ERR_FILTER_INVALID',
  'ValidationException',
  'a list filter sets none or several of its members, or more filters than the operation takes',
  says,
);

// ---- scenes, tags, access keys ------------------------------------------------------------

export const sceneNotFound = defineError(
  'DOPPEL_ERR_SCENE_NOT_FOUND',
  'ResourceNotFoundException',
  'no such scene in the workspace',
  (workspaceId: string, sceneId: string) => `Scene ${sceneId} not found in workspace ${workspaceId}`,
);
export const sceneExists = defineError(
  'DOPPEL_ERR_SCENE_EXISTS',
  'ConflictException',
  'a scene with that id already exists in the workspace',
  (workspaceId: string, sceneId: string) => `A scene with id ${sceneId} already exists in workspace ${workspaceId}`,
);
export const arnNotFound = defineError(
  'DOPPEL_ERR_ARN_NOT_FOUND',
  'ResourceNotFoundException',
  'no resource has that ARN (or it is in a workspace the key may not see)',
  (arn: string) => `No resource with ARN ${arn} exists`,
);
export const tooManyTags = defineError(
  'DOPPEL_ERR_TOO_MANY_TAGS',
  'TooManyTagsException',
  'a resource would carry more tags than allowed',
  (arn: string, count: number, max: number) =>
    `${arn} would carry ${count} tags; a resource may carry at most ${max}: untag some first`,
);
export const accessKeyNotFound = defineError(
  'DOPPEL_ERR_ACCESS_KEY_NOT_FOUND',
  'ResourceNotFoundException',
  'no access key with that id',
  (accessKeyId: string) => `Access key ${accessKeyId} not found`,
);
export const accessKeyExists = defineError(
  'DOPPEL_ERR_ACCESS_KEY_EXISTS',
  'ValidationException',
  'an access key with that id already exists',
  (accessKeyId: string) => `Access key ${accessKeyId} already exists`,
);
export const accessKeyRequestInvalid = defineError(
  'DOPPEL_ERR_ACCESS_KEY_REQUEST_INVALID',
  'ValidationException',
  'a key request is admin and scoped at once, scoped to nothing, lists a workspace twice or one that does not exist, or revokes the calling key',
  says,
);

// ---- resources and scene documents -------------------------------------------------------

export const urlInvalid = defineError(
  'DOPPEL_ERR_URL_INVALID',
  'ValidationException',
  'the request URL cannot be decoded (e.g. a malformed percent-escape)',
  (detail: string) => `The request URL is not valid (${detail}): check its percent-encoding`,
);
export const resourcePathInvalid = defineError(
  'DOPPEL_ERR_RESOURCE_PATH_INVALID',
  'ValidationException',
  'a resource path is empty, absolute, has `..`, `.` or empty segments, control characters or a backslash, or is too long',
  (path: string, why: string) => `Resource path "${path}" is not valid: ${why}; use a path like models/oven.glb`,
);
export const resourceNotFound = defineError(
  'DOPPEL_ERR_RESOURCE_NOT_FOUND',
  'ResourceNotFoundException',
  'no resource at that path in the workspace’s bucket',
  (workspaceId: string, path: string) => `Resource ${path} not found in workspace ${workspaceId}`,
);
export const resourceTooLarge = defineError(
  'DOPPEL_ERR_RESOURCE_TOO_LARGE',
  'RequestTooLargeException',
  'an uploaded file is larger than DOPPEL_RESOURCE_MAX_BYTES',
  (limit: number) =>
    `The resource is larger than the ${limit} byte limit per file (DOPPEL_RESOURCE_MAX_BYTES): nothing was stored`,
);
export const resourcePathConflict = defineError(
  'DOPPEL_ERR_RESOURCE_PATH_CONFLICT',
  'ConflictException',
  'a resource path runs through a resource (a file where a folder must be) or names a folder',
  (path: string, why: string) => `Resource path ${path} cannot be stored: ${why}`,
);
export const uploadIncomplete = defineError(
  'DOPPEL_ERR_UPLOAD_INCOMPLETE',
  'ValidationException',
  'the upload ended before its declared end (the client disconnected); nothing was stored',
  (path: string, detail: string) => `The upload of ${path} was cut off before its end (${detail}): nothing was stored`,
);
export const payloadHashMismatch = defineError(
  'DOPPEL_ERR_PAYLOAD_HASH_MISMATCH',
  'InvalidSignatureException',
  'a signed upload’s content does not match its x-amz-content-sha256; nothing was stored',
  (path: string) =>
    `The x-amz-content-sha256 header does not match the uploaded content of ${path}: nothing was stored`,
);
export const rangeNotSatisfiable = defineError(
  'DOPPEL_ERR_RANGE_NOT_SATISFIABLE',
  'RangeNotSatisfiableException',
  'a Range header starts past the end of the resource',
  (range: string, path: string, size: number) => `The range ${range} is outside ${path}, which has ${size} bytes`,
);
export const workspaceHoldsResources = defineError(
  'DOPPEL_ERR_WORKSPACE_HOLDS_RESOURCES',
  'ValidationException',
  'the workspace’s bucket still holds resources and no other workspace shares it',
  (workspaceId: string, bucket: string) =>
    `Workspace ${workspaceId} still holds resources (bucket ${bucket}): delete them first (GET /doppel/workspaces/${workspaceId}/resources lists them)`,
);
export const contentTypeMismatch = defineError(
  'DOPPEL_ERR_CONTENT_TYPE_MISMATCH',
  'ValidationException',
  'an upload’s Content-Type names another kind of file than its extension',
  (path: string, contentType: string, extension: string) =>
    `The content type ${contentType} of ${path} does not match its extension .${extension}: send the type of the file (or none, and the extension decides)`,
);
export const resourceInvalid = defineError(
  'DOPPEL_ERR_RESOURCE_INVALID',
  'ValidationException',
  'an uploaded model (glTF/GLB) or JSON file fails validation; the message has the validator’s first findings',
  (path: string, problem: string) => `${path} was not stored: ${problem}`,
);
export const sceneDocumentInvalid = defineError(
  'DOPPEL_ERR_SCENE_DOCUMENT_INVALID',
  'ValidationException',
  'a scene document breaks the TwinMaker scene format; the message names node index and field',
  (path: string, errors: string[]) => `${path} is not a valid scene document: ${errors.join('; ')}`,
);
export const sceneDocumentTooLarge = defineError(
  'DOPPEL_ERR_SCENE_DOCUMENT_TOO_LARGE',
  'RequestTooLargeException',
  'a scene document is larger than DOPPEL_SCENE_MAX_BYTES',
  (path: string, limit: number) =>
    `${path} is larger than the ${limit} byte limit for scene documents (DOPPEL_SCENE_MAX_BYTES): split the scene`,
);
export const contentLocationInvalid = defineError(
  'DOPPEL_ERR_CONTENT_LOCATION_INVALID',
  'ValidationException',
  'a scene’s contentLocation is not `s3://<bucket>/<path>` in the workspace’s bucket',
  says,
);
export const sceneDocumentMissing = defineError(
  'DOPPEL_ERR_SCENE_DOCUMENT_MISSING',
  'ResourceNotFoundException',
  'the resource a scene’s contentLocation names does not exist',
  (workspaceId: string, sceneId: string, contentLocation: string, path: string) =>
    `The document of scene ${sceneId} is missing: ${contentLocation} names resource ${path}, which workspace ${workspaceId} does not hold; upload it to /doppel/workspaces/${workspaceId}/resources/${path}`,
);

// ---- knowledge-graph queries --------------------------------------------------------------

export const queryTooLong = defineError(
  'DOPPEL_ERR_QUERY_TOO_LONG',
  'ValidationException',
  'queryStatement is longer than the limit (DOPPEL_QUERY_MAX_QUERY_LENGTH)',
  (length: number, max: number) => `queryStatement has ${length} characters; at most ${max} are allowed`,
);
export const queryInvalid = defineError(
  'DOPPEL_ERR_QUERY_INVALID',
  'ValidationException',
  'queryStatement is not in the query language or exceeds a query limit; the message names line, column and offset',
  says,
);
export const queryTimeout = defineError(
  'DOPPEL_ERR_QUERY_TIMEOUT',
  'QueryTimeoutException',
  'the query ran past DOPPEL_QUERY_TIMEOUT_MS',
  (timeoutMs: number) =>
    `The query did not finish within ${timeoutMs} ms: narrow it (WHERE on an entity, fewer hops, a LIMIT) and retry`,
);

// ---- property values ----------------------------------------------------------------------

export const timeWindowInvalid = defineError(
  'DOPPEL_ERR_TIME_WINDOW_INVALID',
  'ValidationException',
  'a history window lacks startTime or endTime, names a time that is not valid, or starts after it ends',
  says,
);
export const interpolationInvalid = defineError(
  'DOPPEL_ERR_INTERPOLATION_INVALID',
  'ValidationException',
  'interpolation is not LINEAR, lacks intervalInSeconds, or asks for more intervals than allowed',
  says,
);
export const aggregationInvalid = defineError(
  'DOPPEL_ERR_AGGREGATION_INVALID',
  'ValidationException',
  'a history aggregation names an unknown function, neither or both of intervalInSeconds and maxPoints, too many buckets, a function that needs numbers on a non-numeric property, or is combined with interpolation or propertyFilters',
  says,
);
export const valueSelectionInvalid = defineError(
  'DOPPEL_ERR_VALUE_SELECTION_INVALID',
  'ValidationException',
  'a value request names neither or both of entityId+componentName and componentTypeId, or one of a pair alone',
  says,
);
export const propertyNotInType = defineError(
  'DOPPEL_ERR_PROPERTY_NOT_IN_TYPE',
  'ValidationException',
  'a value request by componentTypeId selects a property the type does not define',
  (propertyName: string, componentTypeId: string) =>
    `Property ${propertyName} is not defined by component type ${componentTypeId}`,
);
export const propertyFilterInvalid = defineError(
  'DOPPEL_ERR_PROPERTY_FILTER_INVALID',
  'ValidationException',
  "a history propertyFilter has an unknown operator, no value, a value of another type than the property's, or names an unselected property",
  says,
);
export const tabularNotSupported = defineError(
  'DOPPEL_ERR_TABULAR_NOT_SUPPORTED',
  'ValidationException',
  'tabular property groups (propertyGroupName, tabularConditions) are not offered yet',
  () => 'propertyGroupName and tabularConditions (tabular property groups) are not supported by this service yet',
);
export const dataConnectorNotOffered = defineError(
  'DOPPEL_ERR_DATA_CONNECTOR_NOT_OFFERED',
  'ValidationException',
  "the property's values are served by its component type's data connector: they are read through it (and written through its dataWriter, when it has one)",
  (propertyName: string, componentTypeId: string) =>
    `Property ${propertyName} is served by the data connector of component type ${componentTypeId}: its values are read through the connector`,
);

// ---- data connectors ----------------------------------------------------------------------

export const connectorTimeout = defineError(
  'DOPPEL_ERR_CONNECTOR_TIMEOUT',
  'ConnectorTimeoutException',
  'a data connector did not answer within its timeout (connectors.yaml timeoutMs)',
  (connector: string, ms: number) =>
    `Connector ${connector} did not answer within ${ms} ms: check that it runs, or raise its timeoutMs`,
);
export const connectorFailure = defineError(
  'DOPPEL_ERR_CONNECTOR_FAILURE',
  'ConnectorFailureException',
  'a data connector could not be reached or answered an error (its status and message are named)',
  (connector: string, what: string) => `Connector ${connector} failed: ${what}`,
);
export const connectorReplyInvalid = defineError(
  'DOPPEL_ERR_CONNECTOR_REPLY_INVALID',
  'ConnectorFailureException',
  "a data connector's reply is not JSON or breaks the TwinMaker data-connector contract; the message names the member",
  (connector: string, what: string) => `Connector ${connector} answered a reply that breaks the contract: ${what}`,
);
export const connectorNotRegistered = defineError(
  'DOPPEL_ERR_CONNECTOR_NOT_REGISTERED',
  'ConnectorFailureException',
  "no connectors.yaml entry matches the Lambda ARN (or Prometheus type) a component type's function names",
  (target: string) =>
    `No connector is registered for ${target}: add one to connectors.yaml or with PUT /doppel/connectors/{name}`,
);
export const connectorConfigInvalid = defineError(
  'DOPPEL_ERR_CONNECTOR_CONFIG_INVALID',
  'ValidationException',
  'a connector registry entry (PUT /doppel/connectors/{name} or connectors.yaml) is not valid; the message names the field',
  says,
);
export const connectorNotFound = defineError(
  'DOPPEL_ERR_CONNECTOR_NOT_FOUND',
  'ResourceNotFoundException',
  'no connector registry entry has that name',
  (name: string) => `No connector named ${name}`,
);
export const connectorProvisioned = defineError(
  'DOPPEL_ERR_CONNECTOR_PROVISIONED',
  'ConflictException',
  "the connector comes from the provisioning folder's connectors.yaml and is changed there, not through the API",
  (name: string) =>
    `Connector ${name} is provisioned (the provisioning folder's connectors.yaml): change it in that file`,
);

// ---- alarms ------------------------------------------------------------------------------

export const notAnAlarm = defineError(
  'DOPPEL_ERR_NOT_AN_ALARM',
  'ResourceNotFoundException',
  'the component is not an alarm (its type does not extend com.amazon.iottwinmaker.alarm.basic)',
  (entityId: string, componentName: string, componentTypeId: string) =>
    `Component ${componentName} of entity ${entityId} is a ${componentTypeId}, not an alarm: alarms are components of doppel.alarm.threshold or of a type extending com.amazon.iottwinmaker.alarm.basic`,
);
export const alarmStateConflict = defineError(
  'DOPPEL_ERR_ALARM_STATE_CONFLICT',
  'ConflictException',
  'the alarm’s status does not allow the action (e.g. acknowledging a NORMAL alarm)',
  (entityId: string, componentName: string, action: string, why: string) =>
    `Cannot ${action} alarm ${componentName} of entity ${entityId}: ${why}`,
);
export const alarmQueryInvalid = defineError(
  'DOPPEL_ERR_ALARM_QUERY_INVALID',
  'ValidationException',
  'an alarm listing names an unknown status or a maxResults outside 1–1000',
  says,
);
export const alarmActionInvalid = defineError(
  'DOPPEL_ERR_ALARM_ACTION_INVALID',
  'ValidationException',
  'an alarm action is not :acknowledge, :snooze or :reset, or a snooze lacks durationSeconds (1–604800)',
  says,
);

export const promqlMissing = defineError(
  'DOPPEL_ERR_PROMQL_MISSING',
  'ValidationException',
  'a time-series property of a doppel.connector.prometheus component has no configuration.promql',
  (propertyName: string, componentTypeId: string) =>
    `Property ${propertyName} of ${componentTypeId} has no configuration.promql: give its definition the PromQL that reads it`,
);

// ---- generic helpers, for rules not yet given a constructor of their own ------------------

export const validation = (message: string) => new TwinMakerError('ValidationException', message);
export const notFound = (message: string) => new TwinMakerError('ResourceNotFoundException', message);
export const conflict = (message: string) => new TwinMakerError('ConflictException', message);
export const accessDenied = (message: string) => new TwinMakerError('AccessDeniedException', message);
export const quotaExceeded = (message: string) => new TwinMakerError('ServiceQuotaExceededException', message);

export function isTwinMakerError(e: unknown): e is TwinMakerError {
  return e instanceof TwinMakerError;
}
