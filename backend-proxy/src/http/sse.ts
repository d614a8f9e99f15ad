import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerResponse } from 'node:http';

const HEARTBEAT_MS = 15_000;
/** a client this far behind is cut off; it reconnects with Last-Event-ID and misses nothing */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/** Writes one event (`send` takes its text); events sent before the stream opened are held until it does. */
export type SendEvent = (text: string) => void;

/** One Server-Sent Event as text. `data` must not hold a newline (JSON text never does). */
export function sseEvent(id: number | string, event: string, data: string): string {
  return `id: ${id}\nevent: ${event}\ndata: ${data}\n\n`;
}

/**
 * The Server-Sent Events of one app: each stream is a hijacked reply with a heartbeat, cut
 * off when the client falls too far behind, and ended before the server closes (open
 * streams would keep it from closing; clients reconnect).
 */
export class EventStreams {
  private readonly open = new Set<ServerResponse>();

  constructor(app: FastifyInstance) {
    app.addHook('preClose', async () => {
      for (const raw of this.open) raw.end();
    });
  }

  /**
   * Subscribes first, then opens the stream: a subscription that throws answers as any
   * request does (a TwinMaker error), with nothing of a stream sent. What the subscription
   * sends meanwhile (a replay) goes out right after the stream opens, in order. The
   * function `subscribe` returns is called when the client goes.
   */
  async serve(
    request: FastifyRequest,
    reply: FastifyReply,
    subscribe: (send: SendEvent) => Promise<() => void>,
  ): Promise<void> {
    const raw = reply.raw;
    let held: string[] | undefined = [];
    const send: SendEvent = (text) => {
      if (held) held.push(text);
      else if (!raw.destroyed) {
        raw.write(text);
        if (raw.writableLength > MAX_BUFFERED_BYTES) raw.destroy();
      }
    };
    const unsubscribe = await subscribe(send);
    reply.hijack();
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-amzn-RequestId': request.id,
    });
    raw.write(': stream open\n\n');
    const replay = held;
    held = undefined;
    for (const text of replay) send(text);
    const heartbeat = setInterval(() => send(': keep-alive\n\n'), HEARTBEAT_MS);
    this.open.add(raw);
    raw.on('close', () => {
      this.open.delete(raw);
      clearInterval(heartbeat);
      unsubscribe();
    });
  }
}
