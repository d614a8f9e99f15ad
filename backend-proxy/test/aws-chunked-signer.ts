import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import crypto from 'node:crypto';
import http from 'node:http';
import { Credentials } from './harness';

/**
 * Builds signed aws-chunked uploads (SigV4 "transferring payload in multiple chunks") the way
 * an S3 client does, independently of the service: the seed signature from @smithy/signature-v4,
 * the chunk chain and signing key with node:crypto. Pieces can then be tampered with.
 */
export interface SignedChunk {
  data: Buffer;
  /** the chunk-signature sent with it; undefined sends the chunk without one */
  signature: string | undefined;
}

export interface SignedUpload {
  headers: Record<string, string>;
  chunks: SignedChunk[];
  /** trailer lines (`name:value`), signature last; only for the -TRAILER variant */
  trailer: string[];
}

const sha256 = (data: Buffer | string) => crypto.createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => crypto.createHmac('sha256', key).update(data).digest();

export async function signChunkedUpload(
  url: string,
  credentials: Credentials,
  parts: Buffer[],
  options: { trailer?: Record<string, string> } = {},
): Promise<SignedUpload> {
  const withTrailer = options.trailer !== undefined;
  const now = new Date();
  const amzDate = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
  const shortDate = amzDate.slice(0, 8);
  const region = 'us-east-1';
  const scope = `${shortDate}/${region}/s3/aws4_request`;
  const target = new URL(url);
  const decodedLength = parts.reduce((n, p) => n + p.length, 0);
  const headers: Record<string, string> = {
    host: target.host,
    'x-amz-date': amzDate,
    'x-amz-content-sha256': withTrailer
      ? 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER'
      : 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
    'content-encoding': 'aws-chunked',
    'x-amz-decoded-content-length': String(decodedLength),
    'content-type': 'application/octet-stream',
    ...(withTrailer && { 'x-amz-trailer': Object.keys(options.trailer!).join(',') }),
  };
  const signer = new SignatureV4({
    service: 's3',
    region,
    credentials,
    sha256: Hash.bind(null, 'sha256'),
    uriEscapePath: false,
  });
  const signed = await signer.sign(
    new HttpRequest({ method: 'PUT', protocol: 'http:', hostname: target.hostname, path: target.pathname, headers }),
    { signingDate: now },
  );
  const authorization = String(signed.headers.authorization);
  const seed = /Signature=([0-9a-f]{64})/.exec(authorization)![1]!;

  const kDate = hmac(`AWS4${credentials.secretAccessKey}`, shortDate);
  const signingKey = hmac(hmac(hmac(kDate, region), 's3'), 'aws4_request');
  let previous = seed;
  const chunks: SignedChunk[] = [];
  for (const data of [...parts, Buffer.alloc(0)]) {
    const toSign = ['AWS4-HMAC-SHA256-PAYLOAD', amzDate, scope, previous, sha256(''), sha256(data)].join('\n');
    previous = hmac(signingKey, toSign).toString('hex');
    chunks.push({ data, signature: previous });
  }
  const trailer: string[] = [];
  if (withTrailer) {
    const lines = Object.entries(options.trailer!).map(([k, v]) => `${k}:${v}`);
    const toSign = ['AWS4-HMAC-SHA256-TRAILER', amzDate, scope, previous, sha256(lines.map((l) => `${l}\n`).join(''))];
    trailer.push(...lines, `x-amz-trailer-signature:${hmac(signingKey, toSign.join('\n')).toString('hex')}`);
  }
  return { headers: { ...signed.headers, authorization } as Record<string, string>, chunks, trailer };
}

/** The aws-chunked wire body of `upload`, as sent. */
export function encodeChunked(upload: SignedUpload): Buffer {
  const pieces: Buffer[] = [];
  for (const { data, signature } of upload.chunks) {
    const size = data.length.toString(16);
    pieces.push(Buffer.from(signature === undefined ? `${size}\r\n` : `${size};chunk-signature=${signature}\r\n`));
    if (data.length) pieces.push(data, Buffer.from('\r\n'));
  }
  for (const line of upload.trailer) pieces.push(Buffer.from(`${line}\r\n`));
  pieces.push(Buffer.from('\r\n'));
  return Buffer.concat(pieces);
}

/** PUTs `body` with `headers` over a plain HTTP/1.1 request (fetch may not set Host). */
export function putRaw(
  url: string,
  headers: Record<string, string>,
  body: Buffer,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'PUT', headers: { ...headers, 'content-length': String(body.length) } },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') }));
        res.on('error', reject);
      },
    );
    // the server may answer (and close) before reading a refused body to its end
    req.on('error', (e: NodeJS.ErrnoException) =>
      e.code === 'EPIPE' || e.code === 'ECONNRESET' ? undefined : reject(e),
    );
    req.end(body);
  });
}
