import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { getSigningKey, SignatureV4 } from '@smithy/signature-v4';
import crypto from 'node:crypto';
import { credentialsMalformed, credentialsMissing, keyNotValid, signatureNotValid } from '../errors';
import { ActiveKey, KeyStore } from './keys';
import { Caller, StreamingSeed } from './caller';

/** What authentication needs to see of an incoming request. */
export interface IncomingRequest {
  method: string;
  /** the raw URL as received: path still percent-encoded, with query string */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /**
   * the body as received; undefined when the route streams it (uploads): the signature then
   * covers the claimed `x-amz-content-sha256`, which the route checks against what it reads
   */
  rawBody: string | undefined;
}

/** node's native sha256 in the shape the signer expects (the pure-JS default is several times slower) */
const NodeSha256 = Hash.bind(null, 'sha256');

const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
const SIGV4 =
  /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})\s*$/;

/**
 * Resolves the caller of a request from `Authorization: Bearer <id>:<secret>` or an AWS
 * SigV4 signature (service `iottwinmaker`), verified by re-signing with @smithy/signature-v4.
 */
export async function authenticate(
  req: IncomingRequest,
  keys: KeyStore,
  /** `s3` for the S3-compatible endpoint: S3 signs paths without escaping them twice */
  service: 'iottwinmaker' | 's3' = 'iottwinmaker',
  /** the workspace the request names: a store may say whether it exists as it reads the key */
  workspaceId?: string,
): Promise<Caller> {
  const header = first(req.headers.authorization);
  if (!header) {
    throw credentialsMissing();
  }
  if (/^bearer\s/i.test(header)) return bearer(header.replace(/^bearer\s+/i, '').trim(), keys, workspaceId);
  if (header.startsWith('AWS4-HMAC-SHA256')) return sigV4(req, header, keys, service, workspaceId);
  throw credentialsMalformed('Unsupported Authorization scheme: use "Bearer <accessKeyId>:<secret>" or AWS SigV4');
}

async function bearer(token: string, keys: KeyStore, workspaceId: string | undefined): Promise<Caller> {
  const colon = token.indexOf(':');
  if (colon <= 0) throw credentialsMalformed('Malformed bearer token: expected "<accessKeyId>:<secret>"');
  const key = await keys.findActive(token.slice(0, colon), workspaceId);
  if (!key || !safeEqual(key.secretAccessKey, token.slice(colon + 1))) {
    throw keyNotValid('The access key id or secret is not valid, or the key was revoked');
  }
  return toCaller(key);
}

async function sigV4(
  req: IncomingRequest,
  header: string,
  keys: KeyStore,
  expectedService: 'iottwinmaker' | 's3',
  workspaceId: string | undefined,
): Promise<Caller> {
  const m = SIGV4.exec(header);
  if (!m) throw signatureNotValid('Malformed AWS4-HMAC-SHA256 Authorization header');
  const [, accessKeyId, shortDate, region, service, signedHeaderList, signature] = m as unknown as string[];
  if (service !== expectedService)
    throw signatureNotValid(`Credential scope names service ${service}; sign for ${expectedService}`);
  const key = await keys.findActive(accessKeyId!, workspaceId);
  if (!key)
    throw keyNotValid('The security token included in the request is invalid: unknown or revoked access key id');

  const amzDate = first(req.headers['x-amz-date']);
  const signingDate = amzDate ? parseAmzDate(amzDate) : undefined;
  if (!signingDate) throw signatureNotValid('Missing or malformed X-Amz-Date header');
  if (Math.abs(Date.now() - signingDate.getTime()) > MAX_CLOCK_SKEW_MS) {
    throw signatureNotValid('Signature expired: the request time differs from the server time by more than 15 minutes');
  }
  const claimedHash = first(req.headers['x-amz-content-sha256']);
  if (req.rawBody === undefined) {
    if (!claimedHash) {
      throw signatureNotValid(
        'A streamed upload must sign its payload hash: send x-amz-content-sha256 (the SHA-256 of the body, or UNSIGNED-PAYLOAD)',
      );
    }
  } else {
    const bodyHash = crypto.createHash('sha256').update(req.rawBody).digest('hex');
    if (claimedHash && claimedHash !== 'UNSIGNED-PAYLOAD' && claimedHash !== bodyHash) {
      throw signatureNotValid('The x-amz-content-sha256 header does not match the request body');
    }
  }

  const signed = signedHeaderList!.split(';');
  const headers: Record<string, string> = {};
  for (const name of signed) {
    const value = req.headers[name];
    if (value === undefined) throw signatureNotValid(`Signed header ${name} is missing from the request`);
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const q = req.url.indexOf('?');
  const path = q < 0 ? req.url : req.url.slice(0, q);
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(q < 0 ? '' : req.url.slice(q + 1))) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  const hostHeader = headers.host ?? '';
  const request = new HttpRequest({
    method: req.method,
    protocol: 'http:',
    hostname: hostHeader.replace(/:\d+$/, ''),
    path,
    query,
    headers,
    body: req.rawBody ?? '',
  });
  const signer = new SignatureV4({
    service: expectedService,
    region: region!,
    credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
    sha256: NodeSha256,
    // the SDK sends the path already percent-encoded per segment; signing escapes it again,
    // which is what we must reproduce
    uriEscapePath: expectedService !== 's3',
    // re-sign exactly the headers the client signed: by default the signer adds
    // x-amz-content-sha256 to any request without it, which the JS SDK always sends but
    // botocore (AWS CLI, boto3) sends only to S3, so every CLI request failed the check
    applyChecksum: false,
  });
  const expected = await signer.sign(request, {
    signingDate,
    signableHeaders: new Set(signed),
    unsignableHeaders: new Set(),
  });
  const auth = String(expected.headers.authorization ?? expected.headers.Authorization ?? '');
  const expectedSignature = /Signature=([0-9a-f]{64})/.exec(auth)?.[1] ?? '';
  if (!safeEqual(expectedSignature, signature!)) {
    throw signatureNotValid(
      'The request signature we calculated does not match the signature you provided: check the secret access key and signing method',
    );
  }
  const caller = toCaller(key);
  // a signed streaming upload chains each chunk's signature to this one, with the same key
  if (claimedHash?.startsWith('STREAMING-AWS4-HMAC-SHA256-')) {
    const credentials = { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey };
    const seed: StreamingSeed = {
      signingKey: await getSigningKey(NodeSha256, credentials, shortDate!, region!, service),
      amzDate: amzDate!,
      scope: `${shortDate}/${region}/${service}/aws4_request`,
      seedSignature: signature!,
    };
    caller.streamingSeed = seed;
  }
  return caller;
}

function toCaller(key: ActiveKey): Caller {
  return {
    accessKeyId: key.accessKeyId,
    isAdmin: key.isAdmin,
    workspaces: new Map(key.workspaces.map((w) => [w.workspaceId, w.role])),
    ...(key.workspaceExists !== undefined && { workspaceExists: key.workspaceExists }),
  };
}

function parseAmzDate(v: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(v);
  if (!m) return undefined;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && crypto.timingSafeEqual(ab, bb);
}
