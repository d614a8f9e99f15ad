import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { AwsChunkedDecoder } from './aws-chunked';

// a chain built here with node:crypto, apart from the decoder's code
const sha256 = (data: Buffer | string) => crypto.createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => crypto.createHmac('sha256', key).update(data).digest();
const amzDate = '20261204T165000Z';
const scope = '20261204/us-east-1/s3/aws4_request';
const signingKey = hmac(hmac(hmac(hmac('AWS4secret', '20261204'), 'us-east-1'), 's3'), 'aws4_request');
const seedSignature = 'a'.repeat(64);
const seed = { signingKey, amzDate, scope, seedSignature };

function signedBody(parts: Buffer[]): Buffer {
  let previous = seedSignature;
  const pieces: Buffer[] = [];
  for (const data of [...parts, Buffer.alloc(0)]) {
    const toSign = ['AWS4-HMAC-SHA256-PAYLOAD', amzDate, scope, previous, sha256(''), sha256(data)].join('\n');
    previous = hmac(signingKey, toSign).toString('hex');
    pieces.push(Buffer.from(`${data.length.toString(16)};chunk-signature=${previous}\r\n`));
    if (data.length) pieces.push(data, Buffer.from('\r\n'));
  }
  pieces.push(Buffer.from('\r\n'));
  return Buffer.concat(pieces);
}

/** feeds `body` to a decoder one byte at a time, so every boundary falls mid-line and mid-chunk */
const decodeBytewise = (body: Buffer) =>
  buffer(
    Readable.from(
      (function* () {
        for (let i = 0; i < body.length; i++) yield body.subarray(i, i + 1);
      })(),
    ).pipe(new AwsChunkedDecoder({ signed: true, seed, trailer: false })),
  );

describe('AwsChunkedDecoder with signed chunks', () => {
  const parts = [crypto.randomBytes(700), crypto.randomBytes(300)];

  it('passes a correctly signed body through whatever the read boundaries', async () => {
    expect((await decodeBytewise(signedBody(parts))).equals(Buffer.concat(parts))).toBe(true);
  });

  it('fails on a byte altered in the last data chunk, which is only checked at its end', async () => {
    const body = signedBody(parts);
    body[body.indexOf('\r\n0;chunk-signature=') - 10] ^= 1; // inside the last data chunk
    await expect(decodeBytewise(body)).rejects.toThrow(/chunk-signature of a chunk we calculated does not match/);
  });

  it('fails when a signature is taken from a chain seeded by another request', async () => {
    const body = signedBody(parts);
    const decoder = new AwsChunkedDecoder({
      signed: true,
      seed: { ...seed, seedSignature: 'b'.repeat(64) },
      trailer: false,
    });
    await expect(buffer(Readable.from([body]).pipe(decoder))).rejects.toThrow(/does not match/);
  });

  it('ignores chunk signatures when the upload is unsigned', async () => {
    const body = signedBody(parts);
    expect((await buffer(Readable.from([body]).pipe(new AwsChunkedDecoder()))).equals(Buffer.concat(parts))).toBe(true);
  });
});
