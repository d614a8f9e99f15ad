import Fastify, { FastifyInstance } from 'fastify';
import { EventStreams, SendEvent, sseEvent } from './sse';

test('an event is id, event and data lines and a blank line', () => {
  expect(sseEvent(42, 'value', '{"a":1}')).toBe('id: 42\nevent: value\ndata: {"a":1}\n\n');
});

/** A real server with one event-stream route whose subscription the test controls. */
async function serverWith(
  subscribe: (send: SendEvent) => Promise<() => void>,
): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify();
  const streams = new EventStreams(app);
  app.get('/events', (request, reply) => streams.serve(request, reply, subscribe));
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url };
}

/** Reads the stream until `until` is in what arrived. */
async function readUntil(body: ReadableStream<Uint8Array>, until: string): Promise<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!text.includes(until)) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  reader.releaseLock();
  return text;
}

test('what the subscription sends before the stream opens follows the open comment, in order, then live events', async () => {
  let live: SendEvent | undefined;
  const { app, url } = await serverWith(async (send) => {
    send(sseEvent(1, 'value', 'replayed-1'));
    send(sseEvent(2, 'value', 'replayed-2'));
    live = send;
    return () => {};
  });
  try {
    const controller = new AbortController();
    const res = await fetch(`${url}/events`, { signal: controller.signal });
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'text/event-stream; charset=utf-8']);
    const first = await readUntil(res.body!, 'replayed-2');
    expect(first).toBe(': stream open\n\n' + sseEvent(1, 'value', 'replayed-1') + sseEvent(2, 'value', 'replayed-2'));
    live!(sseEvent(3, 'value', 'live-3'));
    expect(await readUntil(res.body!, 'live-3')).toBe(sseEvent(3, 'value', 'live-3'));
    controller.abort();
  } finally {
    await app.close();
  }
});

test('a subscription that throws answers as any request does, and no stream opens', async () => {
  const { app, url } = await serverWith(async () => {
    throw Object.assign(new Error('no such thing'), { statusCode: 404 });
  });
  try {
    const res = await fetch(`${url}/events`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).not.toMatch(/event-stream/);
  } finally {
    await app.close();
  }
});

test('the subscription ends when the client goes', async () => {
  let ended!: () => void;
  const unsubscribed = new Promise<void>((resolve) => (ended = resolve));
  const { app, url } = await serverWith(async () => ended);
  try {
    const controller = new AbortController();
    const res = await fetch(`${url}/events`, { signal: controller.signal });
    await readUntil(res.body!, 'stream open');
    controller.abort();
    await unsubscribed;
  } finally {
    await app.close();
  }
});

test('closing the server ends open streams instead of waiting for their clients', async () => {
  let ended = false;
  const { app, url } = await serverWith(async () => () => (ended = true));
  const res = await fetch(`${url}/events`);
  await readUntil(res.body!, 'stream open');
  await app.close();
  expect(ended).toBe(true);
  const rest = await readUntil(res.body!, '\u0000never');
  expect(rest).toBe('');
});
