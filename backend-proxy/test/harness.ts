import { IoTTwinMakerClient } from '@aws-sdk/client-iottwinmaker';
import { FastifyBaseLogger } from 'fastify';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configFrom, ServiceConfig } from '../src/config';
import { RunningService, startService } from '../src/server';
import { testStoreConfig } from './test-store';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface WireResponse<T = any> {
  status: number;
  errorType: string | null;
  /** the stable DOPPEL_ERR_… code of an error response (x-doppel-error-code) */
  errorCode: string | null;
  body: T;
  headers: Headers;
}

/** What tests compare of an error answer: status, TwinMaker type and our stable code (not the prose). */
export function errorOf(res: WireResponse): { status: number; type: string | null; code: string | null } {
  return { status: res.status, type: res.errorType, code: res.errorCode };
}

/** The stable code of an error the AWS SDK threw, read from the raw response the SDK keeps on it. */
export function sdkErrorCode(error: unknown): string | undefined {
  const response = (error as { $response?: { headers?: Record<string, string> } } | undefined)?.$response;
  return response?.headers?.['x-doppel-error-code'];
}

/** A real service on a temporary data dir and a free port, with clients for the tests. */
export interface TestService {
  service: RunningService;
  url: string;
  dataDir: string;
  admin: Credentials;
  /** the official AWS SDK client pointed at the service */
  sdk(credentials?: Credentials): IoTTwinMakerClient;
  /** a plain HTTP request with `Authorization: Bearer id:secret` (admin unless told otherwise) */
  call<T = any>(
    method: string,
    urlPath: string,
    body?: unknown,
    options?: { credentials?: Credentials | null; headers?: Record<string, string>; rawBody?: string },
  ): Promise<WireResponse<T>>;
  /** stops the service; `keepData` leaves the data dir for a restart */
  close(keepData?: boolean): Promise<void>;
}

export async function startTestService(
  options: { dataDir?: string; config?: Partial<ServiceConfig>; logger?: FastifyBaseLogger } = {},
): Promise<TestService> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'doppel-test-'));
  const env = { ...process.env };
  delete env.DOPPEL_ACCESS_KEY_ID;
  delete env.DOPPEL_SECRET_ACCESS_KEY;
  const store = await testStoreConfig(dataDir);
  const service = await startService(
    configFrom({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent', ...store, ...options.config }, env),
    options.logger ?? false,
  );
  const admin = { accessKeyId: service.admin.accessKeyId, secretAccessKey: service.admin.secretAccessKey };
  const clients: IoTTwinMakerClient[] = [];
  return {
    service,
    url: service.url,
    dataDir,
    admin,
    sdk(credentials = admin) {
      const client = new IoTTwinMakerClient({
        region: 'us-east-1',
        endpoint: service.url,
        credentials,
        disableHostPrefix: true,
        maxAttempts: 1,
      });
      clients.push(client);
      return client;
    },
    async call(method, urlPath, body, opts = {}) {
      const credentials = opts.credentials === undefined ? admin : opts.credentials;
      const headers: Record<string, string> = { ...opts.headers };
      if (credentials) headers.authorization = `Bearer ${credentials.accessKeyId}:${credentials.secretAccessKey}`;
      let payload: string | undefined = opts.rawBody;
      if (payload === undefined && body !== undefined) payload = JSON.stringify(body);
      if (payload !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
      const res = await fetch(service.url + urlPath, { method, headers, body: payload });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        /* not JSON: keep the text */
      }
      return {
        status: res.status,
        errorType: res.headers.get('x-amzn-errortype'),
        errorCode: res.headers.get('x-doppel-error-code'),
        body: parsed as any,
        headers: res.headers,
      };
    },
    async close(keepData = false) {
      for (const c of clients) c.destroy();
      await service.close();
      if (!keepData) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
