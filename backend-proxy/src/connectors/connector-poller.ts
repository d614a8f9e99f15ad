import { FastifyBaseLogger } from 'fastify';
import { HistoryQuery } from '../model/values/history-query';
import { ValueSelection } from '../model/values/selection';
import { Instant } from '../model/values/time';
import { ValueEvent } from '../store/values';
import { ConnectorHistory } from './lambda/lambda-reader';

/** One poll's read: a page of values after `from` (exclusive of nothing: the caller skips what it has seen). */
export type PollRead = (query: HistoryQuery, nextToken: string | undefined) => Promise<ConnectorHistory>;

/** pages one poll may read: a backlog larger than this is caught up over the following polls */
const PAGES_PER_POLL = 20;

/**
 * A live stream over connector-backed properties: a connector cannot push, so the stream
 * asks it every `intervalMs` for the values after the newest one delivered, and each event
 * says it was polled (`polled: {connector, intervalMs}`). Event ids are the values' epoch
 * milliseconds, so a client's Last-Event-ID resumes after the last time it saw. A failing
 * poll is logged and retried at the next interval; the stream stays open.
 */
export function pollConnector(options: {
  selection: ValueSelection;
  propertyNames: string[];
  intervalMs: number;
  connectorName: string;
  afterMs: number | undefined;
  read: PollRead;
  deliver: (event: ValueEvent) => void;
  log?: FastifyBaseLogger;
}): () => void {
  const { selection, propertyNames, intervalMs, read, deliver } = options;
  // resuming: strictly after the Last-Event-ID's millisecond; fresh: from now on. An id below
  // 10^11 is no epoch millisecond of this era but a built-in store's write sequence (a
  // values:stream mixing stored and polled properties shares one Last-Event-ID): reading the
  // connector from 1970 on would flood the client, so that starts from now too
  const resumable = options.afterMs !== undefined && options.afterMs >= 1e11;
  let since: Instant = resumable ? { ms: options.afterMs!, ns: 999_999 } : { ms: Date.now(), ns: 0 };
  // values at `since` already delivered (several series may share one instant)
  let seenAtSince = new Set<string>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const poll = async () => {
    const to = { ms: Date.now() + 1000, ns: 0 };
    const events: { at: Instant; key: string; event: ValueEvent }[] = [];
    let nextToken: string | undefined;
    let connector = options.connectorName;
    for (let pages = 0; pages < PAGES_PER_POLL && !stopped; pages++) {
      const page = await read({ selection, propertyNames, from: since, to, descending: false, filters: [] }, nextToken);
      connector = page.connector.name;
      for (const s of page.series) {
        const { entityId = '', componentName = '', propertyName } = s.reference;
        for (const p of s.points) {
          const key = `${entityId}\u0000${componentName}\u0000${propertyName}\u0000${p.at.ms}.${p.at.ns}`;
          const atSince = p.at.ms === since.ms && p.at.ns === since.ns;
          if (p.at.ms < since.ms || (p.at.ms === since.ms && p.at.ns < since.ns) || (atSince && seenAtSince.has(key)))
            continue;
          events.push({
            at: p.at,
            key,
            event: {
              seq: p.at.ms,
              entityId,
              componentName,
              propertyName,
              point: p.point,
              polled: { connector, intervalMs },
            },
          });
        }
      }
      nextToken = page.nextToken;
      if (nextToken === undefined) break;
    }
    events.sort((a, b) => a.at.ms - b.at.ms || a.at.ns - b.at.ns);
    for (const { at, key, event } of events) {
      if (stopped) return;
      if (at.ms !== since.ms || at.ns !== since.ns) {
        since = at;
        seenAtSince = new Set();
      }
      seenAtSince.add(key);
      deliver(event);
    }
  };

  const loop = async () => {
    try {
      await poll();
    } catch (e) {
      options.log?.warn({ connector: options.connectorName }, `stream poll failed: ${(e as Error).message}`);
    }
    if (!stopped) timer = setTimeout(() => void loop(), intervalMs);
  };
  void loop();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
