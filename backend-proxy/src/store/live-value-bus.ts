import { ValueEvent } from './values';

/** A property series as the bus matches it: entityId, componentName and propertyName. */
export interface SeriesName {
  entityId: string;
  componentName: string;
  propertyName: string;
}

const seriesKey = (p: SeriesName) => p.entityId + '\u0000' + p.componentName + '\u0000' + p.propertyName;

/**
 * `wanted`: the series a subscriber follows (one component's or a whole component type's).
 * `lastSeq`: the highest seq delivered; a batch committed before a replay may be published
 * after it, and must not be delivered twice.
 */
interface Subscriber {
  wanted: Set<string>;
  deliver: (event: ValueEvent) => void;
  lastSeq: number;
}

/**
 * Live values inside one process: the store publishes each committed batch, in seq order,
 * and every subscriber of the workspace that follows a value's series gets it once. No
 * storage behind it: what a subscriber missed comes from the store's replay.
 */
export class LiveValueBus {
  private readonly subscribers = new Map<string, Set<Subscriber>>();

  /**
   * Delivers each later event of the `series` to `deliver`, skipping seqs up to `lastSeq`
   * (what a replay already sent); returns the function that ends the subscription.
   */
  subscribe(
    workspaceId: string,
    series: Iterable<SeriesName>,
    lastSeq: number,
    deliver: (event: ValueEvent) => void,
  ): () => void {
    const subscriber: Subscriber = { wanted: new Set([...series].map(seriesKey)), deliver, lastSeq };
    let set = this.subscribers.get(workspaceId);
    if (!set) this.subscribers.set(workspaceId, (set = new Set()));
    set.add(subscriber);
    return () => {
      set.delete(subscriber);
      if (set.size === 0 && this.subscribers.get(workspaceId) === set) this.subscribers.delete(workspaceId);
    };
  }

  /** Whether anyone follows the workspace: publishing can be skipped (and its events not built). */
  hasSubscribers(workspaceId: string): boolean {
    return this.subscribers.has(workspaceId);
  }

  /** Hands committed values, in seq order, to the subscribers that follow their series. */
  publish(workspaceId: string, events: Iterable<ValueEvent>): void {
    const subscribers = this.subscribers.get(workspaceId);
    if (!subscribers) return;
    for (const event of events) {
      const key = seriesKey(event);
      for (const subscriber of subscribers) {
        if (!subscriber.wanted.has(key) || event.seq <= subscriber.lastSeq) continue;
        subscriber.lastSeq = event.seq;
        subscriber.deliver(event);
      }
    }
  }
}
