import http from 'node:http';
import https from 'node:https';
import { AddressInfo } from 'node:net';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

/** One answer of the TwinMaker API (or of one of our /doppel routes). */
export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** How requests reach a service: over HTTP, or in-process (serve --provision, before listening). */
export type Transport = (request: {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}) => Promise<ApiResponse>;

/** A refused API call, with TwinMaker's error type, our stable code and the service's message. */
export class ApiError extends Error {
  constructor(
    readonly operation: string,
    readonly status: number,
    readonly errorType: string,
    readonly errorCode: string | undefined,
    message: string,
  ) {
    super(`${operation}: ${errorType} (${status}) ${message}`);
  }
}

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * The TwinMaker API as the provisioning tools use it: JSON in and out, errors thrown as
 * ApiError. Requests carry a bearer token (what the local service takes, cheapest) or a
 * SigV4 signature (AWS and any TwinMaker-compatible endpoint).
 */
export class TwinMakerApi {
  private readonly signer?: SignatureV4;
  /** the signed Host: the one the request is sent to */
  private endpoint?: URL;

  constructor(
    private readonly transport: Transport,
    private readonly credentials: Credentials,
    options: { sigv4?: { region: string; endpoint: string } } = {},
  ) {
    if (options.sigv4) {
      this.endpoint = new URL(options.sigv4.endpoint);
      this.signer = new SignatureV4({
        service: 'iottwinmaker',
        region: options.sigv4.region,
        credentials,
        sha256: Sha256,
      });
    }
  }

  /** A JSON call; `undefined` for 404 when `allowMissing` (GetEntity of what is not there yet). */
  async json<T = any>(
    operation: string,
    method: string,
    path: string,
    body?: unknown,
    options: { allowMissing?: boolean } = {},
  ): Promise<T> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const res = await this.send(method, path, payload, payload ? { 'content-type': 'application/json' } : {});
    if (res.status === 404 && options.allowMissing) return undefined as T;
    if (res.status >= 300) throw errorOf(operation, res);
    return res.body.length ? (JSON.parse(res.body.toString('utf8')) as T) : ({} as T);
  }

  /** A raw call (resources): the answer whatever its status. */
  async raw(method: string, path: string, body?: Buffer, headers: Record<string, string> = {}): Promise<ApiResponse> {
    return this.send(method, path, body, headers);
  }

  private async send(method: string, path: string, body: Buffer | undefined, headers: Record<string, string>) {
    const all: Record<string, string> = { ...headers };
    if (body) all['content-length'] = String(body.length);
    if (this.signer && this.endpoint) {
      const [pathname, query = ''] = path.split('?');
      const host = this.endpoint.host;
      const signed = await this.signer.sign(
        new HttpRequest({
          method,
          protocol: this.endpoint.protocol,
          hostname: this.endpoint.hostname,
          path: pathname,
          query: Object.fromEntries(new URLSearchParams(query)),
          headers: { ...all, host },
          body,
        }),
      );
      Object.assign(all, signed.headers);
      delete all.host;
    } else {
      all.authorization = `Bearer ${this.credentials.accessKeyId}:${this.credentials.secretAccessKey}`;
    }
    return this.transport({ method, path, headers: all, body });
  }
}

function errorOf(operation: string, res: ApiResponse): ApiError {
  let message = res.body.toString('utf8');
  try {
    message = (JSON.parse(message) as { message?: string }).message ?? message;
  } catch {
    /* not JSON: keep the text */
  }
  return new ApiError(
    operation,
    res.status,
    res.headers['x-amzn-errortype']?.split(':')[0] ?? 'Error',
    res.headers['x-doppel-error-code'],
    message,
  );
}

/**
 * Requests over HTTP(S) to `endpoint` on kept-alive connections. node:http rather than fetch:
 * provisioning sends thousands of small calls, and fetch's per-request cost showed as a third
 * more time per CreateEntity on a busy machine.
 */
export function httpTransport(endpoint: string): Transport {
  const base = new URL(endpoint);
  const client = base.protocol === 'https:' ? https : http;
  const agent = new client.Agent({ keepAlive: true, maxSockets: 16 });
  const prefix = base.pathname.replace(/\/+$/, '');
  return ({ method, path, headers, body }) =>
    new Promise<ApiResponse>((resolve, reject) => {
      const req = client.request(
        {
          protocol: base.protocol,
          hostname: base.hostname,
          port: base.port,
          method,
          path: prefix + path,
          headers,
          agent,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const out: Record<string, string> = {};
            for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out[k] = String(v);
            resolve({ status: res.statusCode ?? 0, headers: out, body: Buffer.concat(chunks) });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
}

/**
 * A loopback HTTP server on a free port that hands requests to `handler` (a fastify app's
 * `routing`, before the app listens): serve --provision goes through the real HTTP stack
 * without the service answering anyone else yet. Close it when done.
 */
export async function loopbackEndpoint(
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
