import crypto from 'node:crypto';
import { GetEntityCommand } from '@aws-sdk/client-iottwinmaker';
import { errorOf, startTestService, TestService } from './harness';

/**
 * Requests signed as botocore (the AWS CLI, boto3) signs them, built here by hand from the SigV4
 * spec rather than by a signer library, so the check is independent of the verifier's own code.
 * What differs from the JS SDK: botocore signs `x-amz-content-sha256` only for S3; for other
 * services it neither sends nor signs it (the payload hash is still the last line of the
 * canonical request), and it signs every header it sends except user-agent and a few others.
 * A verifier that adds that header while re-signing computes another signature.
 */

let svc: TestService;
const ws = 'boto';

beforeAll(async () => {
  svc = await startTestService();
  await svc.call('POST', `/workspaces/${ws}`, {});
  await svc.call('POST', `/workspaces/${ws}/entities`, { entityId: 'line:1', entityName: 'Line 1' });
});
afterAll(() => svc.close());

const sha256 = (data: string) => crypto.createHash('sha256').update(data).digest('hex');
const hmac = (key: crypto.BinaryLike, data: string) => crypto.createHmac('sha256', key).update(data).digest();

/** RFC 3986 percent-encoding, as SigV4 (and botocore's quote(..., safe='-_.~')) encodes. */
const uriEncode = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

interface BotoRequest {
  method: string;
  /** path segments, unencoded */
  segments: string[];
  query?: [string, string][];
  body?: string;
  secret?: string;
  /** add what the JS SDK would (and botocore does not), to show it is not required */
  contentSha256?: boolean;
}

/** Sends a request signed the botocore way; answers status and body. */
async function sendAsBotocore(request: BotoRequest) {
  const { accessKeyId, secretAccessKey } = svc.admin;
  const url = new URL(svc.url);
  const now = new Date();
  const amzDate = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const shortDate = amzDate.slice(0, 8);
  const region = 'us-east-1';
  const body = request.body ?? '';
  // the wire path: each segment percent-encoded once (botocore's rest serializer)
  const wirePath = '/' + request.segments.map(uriEncode).join('/');
  const query = request.query ?? [];
  const wireQuery = query.map(([k, v]) => `${uriEncode(k)}=${uriEncode(v)}`).join('&');

  const headers: Record<string, string> = {
    host: url.host,
    'x-amz-date': amzDate,
    ...(body ? { 'content-type': 'application/json' } : {}),
  };
  if (request.contentSha256) headers['x-amz-content-sha256'] = sha256(body);
  const signedNames = Object.keys(headers).sort();

  // canonical URI: the wire path encoded once more (non-S3 services), per segment
  const canonicalUri = wirePath
    .split('/')
    .map((segment) => uriEncode(segment))
    .join('/');
  const canonicalQuery = query
    .map(([k, v]) => [uriEncode(k), uriEncode(v)])
    .sort(([ak, av], [bk, bv]) => (ak! < bk! ? -1 : ak! > bk! ? 1 : av! < bv! ? -1 : av! > bv! ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonicalRequest = [
    request.method,
    canonicalUri,
    canonicalQuery,
    signedNames.map((n) => `${n}:${headers[n]!.trim()}\n`).join(''),
    signedNames.join(';'),
    sha256(body),
  ].join('\n');
  const scope = `${shortDate}/${region}/iottwinmaker/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  let key = hmac(`AWS4${request.secret ?? secretAccessKey}`, shortDate);
  for (const part of [region, 'iottwinmaker', 'aws4_request']) key = hmac(key, part);
  const signature = crypto.createHmac('sha256', key).update(stringToSign).digest('hex');

  const res = await fetch(`${svc.url}${wirePath}${wireQuery ? `?${wireQuery}` : ''}`, {
    method: request.method,
    headers: {
      ...headers,
      // sent but, as botocore does, not signed
      'user-agent': 'aws-cli/2.22.0 md/Botocore#1.35.0',
      authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/${scope}, SignedHeaders=${signedNames.join(';')}, Signature=${signature}`,
    },
    body: body || undefined,
  });
  const text = await res.text();
  return {
    status: res.status,
    errorType: res.headers.get('x-amzn-errortype'),
    errorCode: res.headers.get('x-doppel-error-code'),
    body: text ? JSON.parse(text) : undefined,
  };
}

test('a JSON POST signed without x-amz-content-sha256 (aws iottwinmaker create-entity) is accepted', async () => {
  const res = await sendAsBotocore({
    method: 'POST',
    segments: ['workspaces', ws, 'entities'],
    body: JSON.stringify({ entityId: 'oven', entityName: 'Oven', parentEntityId: 'line:1' }),
  });
  expect(res).toMatchObject({ status: 200, body: { entityId: 'oven' } });
});

test('a GET whose path holds a character escaped twice in the canonical URI is accepted', async () => {
  const res = await sendAsBotocore({ method: 'GET', segments: ['workspaces', ws, 'entities', 'line:1'] });
  expect(res).toMatchObject({ status: 200, body: { entityId: 'line:1', entityName: 'Line 1' } });
});

test('repeated query members, sorted by key then value, are accepted (aws iottwinmaker untag-resource)', async () => {
  const arn = (await svc.call('GET', `/workspaces/${ws}`)).body.arn as string;
  const res = await sendAsBotocore({
    method: 'DELETE',
    segments: ['tags'],
    query: [
      ['tagKeys', 'zone'],
      ['resourceARN', arn],
      ['tagKeys', 'owner'],
    ],
  });
  expect(res.status).toBe(200);
});

test('the same request with x-amz-content-sha256 signed (as the JS SDK sends it) is accepted too', async () => {
  const res = await sendAsBotocore({
    method: 'GET',
    segments: ['workspaces', ws, 'entities', 'line:1'],
    contentSha256: true,
  });
  expect(res.status).toBe(200);
});

test('a botocore-style request signed with the wrong secret is refused (the check is a real one)', async () => {
  const res = await sendAsBotocore({
    method: 'GET',
    segments: ['workspaces', ws, 'entities', 'line:1'],
    secret: 'not-the-secret',
  });
  expect(errorOf(res as never)).toEqual({
    status: 403,
    type: 'InvalidSignatureException',
    code: 'DOPPEL_ERR_INVALID_SIGNATURE',
  });
});

test('the JS SDK, which signs x-amz-content-sha256, still works', async () => {
  const out = await svc.sdk().send(new GetEntityCommand({ workspaceId: ws, entityId: 'line:1' }));
  expect(out.entityName).toBe('Line 1');
});
