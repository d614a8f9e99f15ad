import { Transform, TransformCallback } from 'node:stream';

/**
 * Decodes an `aws-chunked` body (what the AWS CLI and SDKs send as streaming uploads:
 * `x-amz-content-sha256: STREAMING-…`): `<hex size>[;chunk-signature=…]\r\n<bytes>\r\n`
 * repeated, a zero-size chunk, then optional trailers (`x-amz-checksum-crc32:…`) and `\r\n`.
 * Malformed framing fails the stream, so the upload is refused and nothing is stored.
 */
export class AwsChunkedDecoder extends Transform {
  private buffer: Buffer = Buffer.alloc(0);
  private remaining = 0; // bytes of the current chunk still to pass on
  private state: 'header' | 'data' | 'data-end' | 'trailer' | 'done' = 'header';
  /** trailing headers, e.g. x-amz-checksum-crc32 */
  readonly trailers: Record<string, string> = {};

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
    done();
  }

  private drain(): void {
    for (;;) {
      if (this.state === 'data') {
        if (!this.buffer.length) return;
        const take = Math.min(this.remaining, this.buffer.length);
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
        this.state = 'header';
      } else if (this.state === 'header') {
        const m = /^([0-9a-fA-F]{1,16})(;chunk-signature=[0-9a-f]{64})?$/.exec(line);
        if (!m) throw new Error(`malformed aws-chunked chunk header "${line.slice(0, 80)}"`);
        this.remaining = parseInt(m[1]!, 16);
        this.state = this.remaining === 0 ? 'trailer' : 'data';
      } else if (this.state === 'trailer') {
        if (line === '') this.state = 'done';
        else {
          const colon = line.indexOf(':');
          if (colon <= 0) throw new Error(`malformed aws-chunked trailer "${line.slice(0, 80)}"`);
          this.trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
        }
      }
    }
  }
}
