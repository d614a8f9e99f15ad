import type { FastifyReply } from 'fastify';

const serialized = new WeakMap<object, { variant: string; bytes: Buffer }>();

/**
 * Sends `payload` as the route's response schema serializes it, serialized once per `source`:
 * the SQLite store hands out the same frozen answer (a GetEntity document, a ListEntities page)
 * until its next write, and serializing it again was a tenth of such a read. `variant` is what
 * the payload adds to `source` (a nextToken); a new object from the store (PostgreSQL answers
 * each read anew) is serialized as any answer.
 */
export function sendSerializedOnce(reply: FastifyReply, source: object, variant: string, payload: unknown) {
  let kept = serialized.get(source);
  if (kept === undefined || kept.variant !== variant) {
    const text = reply.serialize(payload);
    kept = { variant, bytes: typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text as Uint8Array) };
    serialized.set(source, kept);
  }
  // a Buffer goes to the socket as it is (no serializer, no charset added)
  return reply.type('application/json; charset=utf-8').send(kept.bytes);
}
