import crypto from 'node:crypto';
import { Transform, TransformCallback } from 'node:stream';
import { StreamingSeed } from '../auth/caller';
import { signatureNotValid } from '../errors';

const EMPTY_SHA256 = crypto.createHash('sha256').digest('hex');

/** How the chunks of a body are signed, after `x-amz-content-sha256: STREAMING-…`. */
export type ChunkSigning =
  /** STREAMING-UNSIGNED-PAYLOAD-TRAILER and plain aws-chunked: signatures, if any, are not checked */
  | { signed: false }
  /** STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]: every chunk (and the trailer) continues the chain */
  | { signed: true; seed: StreamingSeed; trailer: boolean };

/**
 * Decodes an `aws-chunked` body (what the AWS CLI and SDKs send as streaming uploads:
 * `x-amz-content-sha256: STREAMING-…`): `<hex size>[;chunk-signature=…]\r\n<bytes>\r\n`
 * repeated, a zero-size chunk, then optional trailers (`x-amz-checksum-crc32:…`) and `\r\n`.
 * Malformed framing fails the stream, so the upload is refused and nothing is stored.
 *
 * Signed bodies are checked chunk by chunk against SigV4's chain (each chunk's signature
 * covers the previous one, starting from the request's): a tampered, missing, reordered or
 * dropped chunk fails the stream with SignatureDoesNotMatch. Bytes are passed on before their
 * chunk's signature is checked; the caller stages them and keeps them only if the stream ends well.
 */
export class AwsChunkedDecoder extends Transform {
  private buffer: Buffer = Buffer.alloc(0);
  private remaining = 0; // bytes of the current chunk still to pass on
  private state: 'header' | 'data' | 'data-end' | 'trailer' | 'done' = 'header';
  /** trailing headers, e.g. x-amz-checksum-crc32 */
  readonly trailers: Record<string, string> = {};
  /** the trailer lines as signed: `name:value\n` each, in the order sent */
  private trailerText = '';
  private previousSignature: string;
  private chunkSignature = '';
  private chunkHash: crypto.Hash | undefined;
  private trailerChecked = false;

  constructor(private readonly signing: ChunkSigning = { signed: false }) {
    super();
    this.previousSignature = signing.signed ? signing.seed.seedSignature : '';
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    try {
      this.drain();
      done();
    } catch (e) {
      done(e as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    if (this.state !== 'done' && !(this.state === 'trailer' && this.buffer.length === 0))
      return done(new Error('the aws-chunked body ended before its final chunk'));
    try {
      this.checkTrailer();
      done();
    } catch (e) {
      done(e as Error);
    }
  }

  private drain(): void {
    for (;;) {
      if (this.state === 'data') {
        if (!this.buffer.length) return;
        const take = Math.min(this.remaining, this.buffer.length);
        this.chunkHash?.update(this.buffer.subarray(0, take));
        this.push(this.buffer.subarray(0, take));
        this.buffer = this.buffer.subarray(take);
        this.remaining -= take;
        if (this.remaining === 0) this.state = 'data-end';
        continue;
      }
      if (this.state === 'done') {
        if (this.buffer.length) throw new Error('bytes after the end of the aws-chunked body');
        return;
      }
      const eol = this.buffer.indexOf('\r\n');
      if (eol < 0) {
        if (this.buffer.length > 4096) throw new Error('an aws-chunked header line is too long');
        return;
      }
      const line = this.buffer.subarray(0, eol).toString('latin1');
      this.buffer = this.buffer.subarray(eol + 2);
      if (this.state === 'data-end') {
        if (line !== '') throw new Error('an aws-chunked chunk is longer than its declared size');
        this.checkChunk();
        this.state = 'header';
      } else if (this.state === 'header') {
        const m = /^([0-9a-fA-F]{1,16})(;chunk-signature=[0-9a-f]{64})?$/.exec(line);
        if (!m) throw new Error(`malformed aws-chunked chunk header "${line.slice(0, 80)}"`);
        this.remaining = parseInt(m[1]!, 16);
        if (this.signing.signed) {
          if (!m[2])
            throw signatureNotValid(
              'A chunk of a signed streaming upload (STREAMING-AWS4-HMAC-SHA256-PAYLOAD) carries no chunk-signature',
            );
          this.chunkSignature = m[2].slice(';chunk-signature='.length);
          this.chunkHash = crypto.createHash('sha256');
        }
        if (this.remaining === 0) {
          this.checkChunk(); // the final, empty chunk is signed too
          this.state = 'trailer';
        } else this.state = 'data';
      } else if (this.state === 'trailer') {
        if (line === '') {
          this.checkTrailer();
          this.state = 'done';
        } else {
          const colon = line.indexOf(':');
          if (colon <= 0) throw new Error(`malformed aws-chunked trailer "${line.slice(0, 80)}"`);
          const name = line.slice(0, colon).trim().toLowerCase();
          const value = line.slice(colon + 1).trim();
          this.trailers[name] = value;
          if (name !== 'x-amz-trailer-signature') this.trailerText += `${name}:${value}\n`;
        }
      }
    }
  }

  /** Verifies the chunk just read against the chain and moves the chain on to it. */
  private checkChunk(): void {
    if (!this.signing.signed) return;
    const { seed } = this.signing;
    const stringToSign = [
      'AWS4-HMAC-SHA256-PAYLOAD',
      seed.amzDate,
      seed.scope,
      this.previousSignature,
      EMPTY_SHA256,
      this.chunkHash!.digest('hex'),
    ].join('\n');
    this.chainOn(stringToSign, this.chunkSignature, 'chunk-signature of a chunk');
  }

  /** Verifies the trailer's x-amz-trailer-signature, the last link of a -TRAILER chain; once. */
  private checkTrailer(): void {
    if (!this.signing.signed || !this.signing.trailer || this.trailerChecked) return;
    const given = this.trailers['x-amz-trailer-signature'];
    if (!given || !/^[0-9a-f]{64}$/.test(given))
      throw signatureNotValid(
        'A signed streaming upload with trailers (STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER) carries no x-amz-trailer-signature',
      );
    const { seed } = this.signing;
    const stringToSign = [
      'AWS4-HMAC-SHA256-TRAILER',
      seed.amzDate,
      seed.scope,
      this.previousSignature,
      crypto.createHash('sha256').update(this.trailerText).digest('hex'),
    ].join('\n');
    this.chainOn(stringToSign, given, 'x-amz-trailer-signature');
    this.trailerChecked = true;
  }

  private chainOn(stringToSign: string, given: string, what: string): void {
    if (!this.signing.signed) return;
    const expected = crypto.createHmac('sha256', this.signing.seed.signingKey).update(stringToSign).digest();
    const provided = Buffer.from(given, 'hex');
    if (provided.length !== expected.length || !crypto.timingSafeEqual(provided, expected))
      throw signatureNotValid(
        `The ${what} we calculated does not match the one you provided: the body was altered, reordered or signed with another key`,
      );
    this.previousSignature = given;
  }
}
