/** The built-in type whose components read their time series from a Prometheus server. */
export const PROMETHEUS_TYPE = 'doppel.connector.prometheus';

const READER_FUNCTIONS = ['dataReader', 'dataReaderByEntity', 'dataReaderByComponentType'];

/** Where a component type's time-series values come from. */
export type ValueSource = 'store' | 'lambda' | 'prometheus';

/**
 * The one rule every store and the connector layer share: a type (or an ancestor) that is
 * the Prometheus type reads from Prometheus; a type whose reader functions a Lambda
 * implements reads through that connector; everything else lives in the built-in store.
 * `ancestors` are the ids of every type the type extends, directly or not.
 */
export function valueSource(
  type: {
    componentTypeId?: string;
    functions?: Record<string, { implementedBy?: { lambda?: unknown; isNative?: boolean } }>;
  },
  componentTypeId: string,
  ancestors: readonly string[],
): ValueSource {
  if (componentTypeId === PROMETHEUS_TYPE || ancestors.includes(PROMETHEUS_TYPE)) return 'prometheus';
  const lambda = READER_FUNCTIONS.some((name) => {
    const implementedBy = type.functions?.[name]?.implementedBy;
    return implementedBy !== undefined && !implementedBy.isNative && implementedBy.lambda !== undefined;
  });
  return lambda ? 'lambda' : 'store';
}

/**
 * The BatchPut problem of a value for a property a data connector serves: the built-in store
 * answers it, and the connector layer recognises it to send the entry to the type's
 * dataWriter instead (when it has one; otherwise the caller sees this message). Message and
 * test live together here so the store and the connector layer cannot drift apart.
 */
export function connectorWrittenProblem(propertyName: string, componentTypeId: string): [string, string] {
  return [
    'ValidationException',
    `Property ${propertyName} is read through the data connector of component type ${componentTypeId}, ` +
      'which has no dataWriter function: write its values where the connector reads them',
  ];
}

// the start only: the store clips long messages
const CONNECTOR_WRITTEN = /^Property \S+ is read through the data connector of component type /;

export function isConnectorWritten(error: { errorCode: string; errorMessage: string }): boolean {
  return error.errorCode === 'ValidationException' && CONNECTOR_WRITTEN.test(error.errorMessage);
}
