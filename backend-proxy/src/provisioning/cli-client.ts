import fs from 'node:fs';
import path from 'node:path';
import { CREDENTIALS_FILE } from '../bootstrap-credentials';
import { Credentials, httpTransport, TwinMakerApi } from './api-client';

export interface ClientOptions {
  /** default: the local service, http://127.0.0.1:$DOPPEL_PORT (8600) */
  endpoint?: string;
  /** where a local service keeps its generated admin credential (default ./data) */
  dataDir?: string;
  region?: string;
  /** sign with SigV4 (implied for *.amazonaws.com endpoints) instead of sending a bearer token */
  sigv4?: boolean;
}

/**
 * The API client the operator commands use. Credentials: DOPPEL_ACCESS_KEY_ID/_SECRET_ACCESS_KEY,
 * else AWS_ACCESS_KEY_ID/_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN), else the admin credential a
 * local service wrote into its data dir.
 */
export function apiFromOptions(options: ClientOptions, env: NodeJS.ProcessEnv = process.env): TwinMakerApi {
  const endpoint = options.endpoint ?? `http://127.0.0.1:${env.DOPPEL_PORT ?? 8600}`;
  const credentials = credentialsFrom(options.dataDir ?? env.DOPPEL_DATA_DIR ?? './data', env);
  const sigv4 = options.sigv4 || /\.amazonaws\.com(\.cn)?$/.test(new URL(endpoint).hostname);
  const region = options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
  return new TwinMakerApi(httpTransport(endpoint), credentials, sigv4 ? { sigv4: { region, endpoint } } : {});
}

function credentialsFrom(dataDir: string, env: NodeJS.ProcessEnv): Credentials {
  if (env.DOPPEL_ACCESS_KEY_ID && env.DOPPEL_SECRET_ACCESS_KEY) {
    return { accessKeyId: env.DOPPEL_ACCESS_KEY_ID, secretAccessKey: env.DOPPEL_SECRET_ACCESS_KEY };
  }
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      ...(env.AWS_SESSION_TOKEN && { sessionToken: env.AWS_SESSION_TOKEN }),
    };
  }
  const file = path.join(dataDir, CREDENTIALS_FILE);
  if (fs.existsSync(file)) {
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as Credentials;
    return { accessKeyId: saved.accessKeyId, secretAccessKey: saved.secretAccessKey };
  }
  throw new Error(
    `no credentials: set DOPPEL_ACCESS_KEY_ID and DOPPEL_SECRET_ACCESS_KEY (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), or run where the service's ${file} is (--data-dir)`,
  );
}
