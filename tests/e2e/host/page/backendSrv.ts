// A BackendSrv over window.fetch, shaped like Grafana's: fetch() returns an Observable of
// FetchResponse and errors with a FetchError ({ status, statusText, data, config }) so plugin
// code that uses isFetchError() sees what it would see in Grafana.
import type { BackendSrv, BackendSrvRequest, FetchError, FetchResponse } from '@grafana/runtime';
import { lastValueFrom, Observable } from 'rxjs';

function buildUrl(options: BackendSrvRequest): string {
  let url = options.url;
  const params = options.params as Record<string, unknown> | undefined;
  if (params && Object.keys(params).length) {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
      if (v === undefined || v === null) continue;
      for (const item of Array.isArray(v) ? v : [v]) search.append(k, String(item));
    }
    url += (url.includes('?') ? '&' : '?') + search.toString();
  }
  return url.startsWith('http') || url.startsWith('/') ? url : `/${url}`;
}

async function parseBody(response: Response, responseType?: string): Promise<unknown> {
  if (responseType === 'blob') return response.blob();
  if (responseType === 'arraybuffer') return response.arrayBuffer();
  const text = await response.text();
  if (responseType === 'text') return text;
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function fetchObservable<T>(options: BackendSrvRequest): Observable<FetchResponse<T>> {
  return new Observable<FetchResponse<T>>((subscriber) => {
    const abort = new AbortController();
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    let body: BodyInit | undefined;
    if (options.data !== undefined && options.data !== null) {
      if (typeof options.data === 'string' || options.data instanceof Blob || options.data instanceof FormData)
        body = options.data;
      else {
        body = JSON.stringify(options.data);
        if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
          headers['Content-Type'] = 'application/json';
      }
    }
    const method = (options.method ?? 'GET').toUpperCase();
    const url = buildUrl(options);
    window
      .fetch(url, { method, headers, body, signal: abort.signal, credentials: 'same-origin' })
      .then(async (response) => {
        const data = await parseBody(response, options.responseType);
        const result = {
          data: data as T,
          status: response.status,
          statusText: response.statusText,
          ok: response.ok,
          headers: response.headers,
          redirected: response.redirected,
          type: response.type,
          url: response.url,
          config: options,
        };
        if (!response.ok) {
          const error: FetchError = { ...result, data: data ?? {}, isHandled: false } as FetchError;
          subscriber.error(error);
          return;
        }
        subscriber.next(result);
        subscriber.complete();
      })
      .catch((e) => {
        if (abort.signal.aborted) return;
        // Network failure: Grafana reports these as a FetchError without a status from a server.
        subscriber.error({
          status: 0,
          statusText: String(e?.message ?? e),
          data: { message: String(e?.message ?? e) },
          config: options,
        });
      });
    return () => abort.abort();
  });
}

/** The BackendSrv handed to setBackendSrv. */
export function createBackendSrv(): BackendSrv {
  const request = <T>(options: BackendSrvRequest): Promise<T> =>
    lastValueFrom(fetchObservable<T>(options)).then((r) => r.data);
  const withMethod =
    (method: string) =>
    (url: string, data?: unknown, options?: Partial<BackendSrvRequest>): Promise<any> =>
      request({
        ...options,
        url,
        method,
        ...(method === 'GET' || method === 'DELETE' ? { params: data } : { data }),
      } as BackendSrvRequest);
  return {
    fetch: fetchObservable,
    request,
    datasourceRequest: (options: BackendSrvRequest) => lastValueFrom(fetchObservable(options)),
    get: withMethod('GET'),
    delete: withMethod('DELETE'),
    post: withMethod('POST'),
    put: withMethod('PUT'),
    patch: withMethod('PATCH'),
    resolveCancelerIfExists: () => {},
    chunked: () => {
      throw new Error('chunked requests are not offered by the test host');
    },
  } as unknown as BackendSrv;
}
