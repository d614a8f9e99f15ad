/** A numeric sample: x is the time (epoch ms, fractions for sub-ms), y the value. */
export interface XY {
  x: number;
  y: number;
}

/**
 * Largest-Triangle-Three-Buckets (Steinarsson, "Downsampling Time Series for Visual
 * Representation", 2013) over a stream of `total` points in time order: keeps the first and
 * the last point and, from each of `threshold - 2` buckets of equal point count, the point
 * that forms the largest triangle with the point kept before it and the average of the next
 * bucket. Only the current and the next bucket are held, never the whole series, so a week
 * of 1 Hz samples streams through in a few kB of buckets. `emit` receives the kept points in
 * order. With `threshold >= total` every point is kept.
 */
export class LttbStream<P extends XY> {
  private index = 0;
  private readonly every: number;
  /** the segment a point is chosen from, and the next one, whose average guides that choice */
  private current: P[] = [];
  private next: P[] = [];
  private bucket = 0;
  private previous: P | undefined;

  constructor(
    private readonly total: number,
    private readonly threshold: number,
    private readonly emit: (point: P) => void,
  ) {
    if (threshold < 3) throw new Error(`lttb threshold ${threshold} is below 3`);
    this.every = (total - 2) / (threshold - 2);
  }

  /** Feeds the next point; the stream must hold exactly `total` (extra points are ignored). */
  push(point: P): void {
    const i = this.index++;
    if (i >= this.total) return;
    if (this.threshold >= this.total) return this.emit(point);
    if (i === 0) {
      this.previous = point;
      return this.emit(point);
    }
    if (i < this.segmentEnd(this.bucket)) {
      this.current.push(point);
      return;
    }
    this.next.push(point);
    if (i === this.segmentEnd(this.bucket + 1) - 1) this.close();
  }

  /**
   * Segment b holds indices [floor(b·every)+1, floor((b+1)·every)+1) for the threshold - 2
   * buckets points are chosen from; the segment after the last bucket runs to the series'
   * end (the reference clamps its averaging range there). Computed as the reference does,
   * so rounding puts the same points in the same buckets.
   */
  private segmentEnd(segment: number): number {
    return segment < this.threshold - 2 ? Math.floor((segment + 1) * this.every) + 1 : this.total;
  }

  /** The next segment is complete: choose from the current bucket, then move on. */
  private close(): void {
    let ax = 0;
    let ay = 0;
    for (const p of this.next) {
      ax += p.x;
      ay += p.y;
    }
    ax /= this.next.length;
    ay /= this.next.length;
    const a = this.previous!;
    let best = -1;
    let chosen = this.current[0]!;
    for (const p of this.current) {
      const area = Math.abs((a.x - ax) * (p.y - a.y) - (a.x - p.x) * (ay - a.y)) * 0.5;
      if (area > best) {
        best = area;
        chosen = p;
      }
    }
    this.emit(chosen);
    this.previous = chosen;
    this.bucket++;
    this.current = this.next;
    this.next = [];
    // every bucket has chosen: what is left ends with the series' last point
    if (this.bucket === this.threshold - 2) this.emit(this.current[this.current.length - 1]!);
  }
}
