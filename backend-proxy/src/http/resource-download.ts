import { FastifyReply, FastifyRequest } from 'fastify';
import { rangeNotSatisfiable } from '../errors';
import { isNotModified, rangeOf, rangeStillValid } from '../resources/conditional';
import { OpenedResource } from '../resources/resource-store';

/** The validators and caching headers of a download (also sent on 304). */
export function setResourceHeaders(reply: FastifyReply, info: OpenedResource['info']): void {
  reply
    .header('etag', info.etag)
    .header('last-modified', new Date(Math.floor(info.lastModified) * 1000).toUTCString())
    // authorised content: caches may keep it but must ask again (a cheap 304) before each use
    .header('cache-control', 'private, no-cache')
    .header('accept-ranges', 'bytes');
}

/**
 * Answers a GET or HEAD of an opened resource: 304 when the client's copy is current, 206 for
 * one satisfiable `Range`, 416 for an unsatisfiable one, else the whole content, streamed.
 */
export function sendResource(request: FastifyRequest, reply: FastifyReply, opened: OpenedResource): FastifyReply {
  const { info } = opened;
  setResourceHeaders(reply, info);
  const headers = request.headers as Record<string, string | undefined>;
  if (isNotModified(headers, info)) {
    void opened.close();
    return reply.code(304).send();
  }
  const answer = rangeStillValid(headers['if-range'], info)
    ? rangeOf(headers.range, info.size)
    : { kind: 'full' as const };
  if (answer.kind === 'unsatisfiable') {
    void opened.close();
    reply.header('content-range', `bytes */${info.size}`);
    throw rangeNotSatisfiable(String(headers.range), info.path, info.size);
  }
  reply.header('content-type', info.contentType);
  const range = answer.kind === 'partial' ? answer.range : undefined;
  if (range) reply.code(206).header('content-range', `bytes ${range.start}-${range.end}/${info.size}`);
  reply.header('content-length', range ? range.end - range.start + 1 : info.size);
  if (request.method === 'HEAD') {
    void opened.close();
    return reply.send();
  }
  return reply.send(opened.stream(range));
}
