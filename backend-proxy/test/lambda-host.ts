import http from 'node:http';
import { AddressInfo } from 'node:net';

/** A Lambda handler as re-hosted: the event in, the function's return value (or a thrown error) out. */
export type Handler = (event: any) => unknown | Promise<unknown>;

export interface LambdaHost {
  url: string;
  /** every event received, by path, in order */
  events: Map<string, any[]>;
  /** replaces the handler of a path */
  handle(path: string, handler: Handler): void;
  close(): Promise<void>;
}

/**
 * TwinMaker Lambda connectors re-hosted behind HTTP, as a user puts a function behind a small
 * web server: POST /<path> with the Lambda event; the handler's return value is the reply,
 * and a handler that throws answers Lambda's `{errorType, errorMessage}` with status 500.
 * A handler returning `'hang'` never answers (for timeouts).
 */
export async function startLambdaHost(handlers: Record<string, Handler> = {}): Promise<LambdaHost> {
  const routes = new Map(Object.entries(handlers));
  const events = new Map<string, any[]>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', async () => {
      const path = req.url ?? '/';
      const handler = routes.get(path);
      if (!handler) {
        res.writeHead(404).end(`no handler at ${path}`);
        return;
      }
      const event = JSON.parse(body);
      events.set(path, [...(events.get(path) ?? []), event]);
      try {
        const reply = await handler(event);
        if (reply === 'hang') return;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
      } catch (e) {
        res
          .writeHead(500, { 'content-type': 'application/json' })
          .end(JSON.stringify({ errorType: (e as Error).name, errorMessage: (e as Error).message }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    events,
    handle: (path, handler) => void routes.set(path, handler),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
