import { connectorFailure, connectorReplyInvalid, connectorTimeout, TwinMakerError } from '../../errors';
import { redact, resolveHeaders } from '../connector-entry';
import { RegisteredConnector } from '../connector-registry';
import { DEFAULT_CONNECTOR_TIMEOUT_MS } from '../lambda/invoke-http';

/** One series of a Prometheus answer: its labels and [epoch seconds, "value"] samples. */
export interface PromSeries {
  metric: Record<string, string>;
  values: [number, string][];
}

/**
 * Prometheus' HTTP API (`/api/v1/query_range`, `/api/v1/query`) for one registry entry.
 * Prometheus' own errors (`{status: "error", errorType, error}`, e.g. a PromQL parse error)
 * answer ConnectorFailureException with its message; a timeout ConnectorTimeoutException.
 */
export async function queryPrometheus(
  connector: RegisteredConnector,
  endpoint: 'query_range' | 'query',
  params: Record<string, string>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<PromSeries[]> {
  const { entry, name } = connector;
  const timeoutMs = entry.timeoutMs ?? DEFAULT_CONNECTOR_TIMEOUT_MS;
  const { headers, secrets } = resolveHeaders(entry, env);
  const safe = (e: TwinMakerError) => new TwinMakerError(e.type, redact(e.message, secrets), e.code);
  const url = new URL(`api/v1/${endpoint}`, entry.url.endsWith('/') ? entry.url : entry.url + '/');
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString(),
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await res.text();
  } catch (e) {
    const error = e as Error & { cause?: Error };
    if (error.name === 'TimeoutError' || error.name === 'AbortError') throw safe(connectorTimeout(name, timeoutMs));
    throw safe(
      connectorFailure(name, `cannot reach Prometheus at ${entry.url}: ${error.cause?.message ?? error.message}`),
    );
  }
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    throw safe(connectorFailure(name, `Prometheus answered HTTP ${res.status} without JSON: ${text.slice(0, 200)}`));
  }
  if (body?.status !== 'success') {
    throw safe(
      connectorFailure(
        name,
        `Prometheus: ${body?.errorType ?? `HTTP ${res.status}`}: ${body?.error ?? text.slice(0, 200)}`,
      ),
    );
  }
  const { resultType, result } = body.data ?? {};
  if (resultType === 'matrix' && Array.isArray(result)) return result as PromSeries[];
  if (resultType === 'vector' && Array.isArray(result)) {
    return result.map((r: { metric: Record<string, string>; value: [number, string] }) => ({
      metric: r.metric,
      values: [r.value],
    }));
  }
  if (resultType === 'scalar' && Array.isArray(result)) return [{ metric: {}, values: [result as [number, string]] }];
  throw safe(
    connectorReplyInvalid(name, `Prometheus answered a ${String(resultType)} result; the PromQL must give a vector`),
  );
}
