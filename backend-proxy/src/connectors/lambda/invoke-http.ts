import { FastifyBaseLogger } from 'fastify';
import { connectorFailure, connectorReplyInvalid, connectorTimeout, TwinMakerError } from '../../errors';
import { redact, resolveHeaders } from '../connector-entry';
import { RegisteredConnector } from '../connector-registry';

export const DEFAULT_CONNECTOR_TIMEOUT_MS = 10_000;
/** how much of a failing connector's answer an error quotes */
const QUOTE = 300;

/**
 * Invokes a TwinMaker Lambda connector re-hosted behind HTTP: the event JSON is POSTed as it
 * is, the reply is the function's return value. Timeouts answer ConnectorTimeoutException,
 * anything else that goes wrong ConnectorFailureException naming the connector and what was
 * wrong; header values (and the environment values in them) are masked in every message and
 * log line, since connectors may echo the request in their errors.
 */
export async function invokeHttpLambda(
  connector: RegisteredConnector,
  event: unknown,
  options: { env?: NodeJS.ProcessEnv; log?: FastifyBaseLogger } = {},
): Promise<unknown> {
  const { entry, name } = connector;
  const timeoutMs = entry.timeoutMs ?? DEFAULT_CONNECTOR_TIMEOUT_MS;
  const { headers, secrets } = resolveHeaders(entry, options.env ?? process.env);
  const fail = (error: TwinMakerError): TwinMakerError => {
    const safe = new TwinMakerError(error.type, redact(error.message, secrets), error.code);
    options.log?.warn({ connector: name, code: safe.code }, safe.message);
    return safe;
  };
  let response: Response;
  let text: string;
  try {
    response = await fetch(entry.url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(event),
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (e) {
    const error = e as Error & { cause?: Error };
    if (error.name === 'TimeoutError' || error.name === 'AbortError') throw fail(connectorTimeout(name, timeoutMs));
    throw fail(connectorFailure(name, `cannot reach ${entry.url}: ${error.cause?.message ?? error.message}`));
  }
  if (!response.ok) {
    throw fail(connectorFailure(name, `HTTP ${response.status}: ${lambdaError(text) ?? quote(text)}`));
  }
  let reply: unknown;
  try {
    reply = JSON.parse(text);
  } catch {
    throw fail(connectorReplyInvalid(name, `the reply is not JSON: ${quote(text)}`));
  }
  // a function error re-hosted as it is: Lambda's {errorType, errorMessage}
  const functionError = lambdaError(reply);
  if (functionError) throw fail(connectorFailure(name, functionError));
  return reply;
}

/** Lambda's error shape, `{errorType, errorMessage}`, as "errorType: errorMessage". */
function lambdaError(body: unknown): string | undefined {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  const e = parsed as { errorMessage?: unknown; errorType?: unknown } | null;
  if (!e || typeof e !== 'object' || typeof e.errorMessage !== 'string') return undefined;
  return quote(typeof e.errorType === 'string' ? `${e.errorType}: ${e.errorMessage}` : e.errorMessage);
}

function quote(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return '(empty body)';
  return flat.length > QUOTE ? flat.slice(0, QUOTE) + '…' : flat;
}
