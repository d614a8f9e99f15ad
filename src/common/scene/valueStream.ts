// One live connection for every property a scene reads: a POST whose body lists them (too many
// for a URL), answered as Server-Sent Events and read with fetch's body stream. It reconnects
// after a drop with the last event id, so the service replays what was written meanwhile.
import type { PropertyValuePoint } from './sceneApi';
import type { PropertyRef } from './bindings';

export interface ValueStreamHandlers {
  onValues(points: PropertyValuePoint[]): void;
  onOpen?(): void;
  onError?(message: string): void;
}

/** Splits SSE text into complete events; returns them and the unfinished rest. */
export function parseSse(buffer: string): {
  events: Array<{ id?: string; event?: string; data: string }>;
  rest: string;
} {
  const events: Array<{ id?: string; event?: string; data: string }> = [];
  const blocks = buffer.split(/\r?\n\r?\n/);
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    let id: string | undefined;
    let event: string | undefined;
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') id = value;
      else if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length > 0) events.push({ id, event, data: data.join('\n') });
  }
  return { events, rest };
}

const RETRY_MS = [500, 1000, 2000, 5000];

/** Opens the stream; values arrive batched per network chunk. Returns the function that closes it. */
export function openValueStream(url: string, properties: PropertyRef[], handlers: ValueStreamHandlers): () => void {
  let closed = false;
  let lastEventId: string | undefined;
  let controller: AbortController | undefined;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const connect = async () => {
    controller = new AbortController();
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
        body: JSON.stringify({ properties, ...(lastEventId ? { lastEventId } : {}) }),
        credentials: 'same-origin',
        signal: controller.signal,
      });
      if (!response.ok || !response.body) {
        const text = await response.text().catch(() => '');
        let message = text;
        try {
          message = JSON.parse(text).message ?? text;
        } catch {}
        handlers.onError?.(`live values: ${response.status} ${message}`);
        // a refused request (4xx) will be refused again: stop, the panel shows why
        if (response.status >= 400 && response.status < 500) return;
        throw new Error(message);
      }
      attempt = 0;
      handlers.onOpen?.();
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done || closed) break;
        buffer += value;
        const { events, rest } = parseSse(buffer);
        buffer = rest;
        const points: PropertyValuePoint[] = [];
        for (const e of events) {
          if (e.id) lastEventId = e.id;
          if (e.event && e.event !== 'value') continue;
          try {
            points.push(JSON.parse(e.data) as PropertyValuePoint);
          } catch {}
        }
        if (points.length > 0) handlers.onValues(points);
      }
    } catch (e) {
      if (closed) return;
      handlers.onError?.(`live values: ${e instanceof Error ? e.message : String(e)}; reconnecting`);
    }
    if (closed) return;
    timer = setTimeout(connect, RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)]);
  };
  void connect();
  return () => {
    closed = true;
    if (timer) clearTimeout(timer);
    controller?.abort();
  };
}
