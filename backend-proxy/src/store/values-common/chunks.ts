import { DataValue } from '../../api/common';

/** A stored row: [epoch ms, sub-ms nanoseconds, point JSON text `{"time":…,"value":…}`]. */
export type Row = [ms: number, ns: number, point: string];

/** Consecutive points of one series, already joined as JSON text. */
export interface Chunk {
  count: number;
  /** the points joined by commas (the inside of a JSON array), as UTF-8 bytes */
  bytes: Buffer;
  /** the instant of the last point in page order */
  last: [ms: number, ns: number];
  /**
   * whether the window holds more values past `last`, when the read answered it in the same
   * statement; undefined: the caller looks past the chunk itself
   */
  more?: boolean;
}

/** SQL splits epoch-ns with truncating division; times before 1970 need the floor instead. */
export function floorSplit(ms: number, ns: number): [number, number] {
  return ns < 0 ? [ms - 1, ns + 1_000_000] : [ms, ns];
}

/** The DataValue inside a stored point. */
export function valueOf(point: string): DataValue {
  return (JSON.parse(point) as { value: DataValue }).value;
}

/** Collects points of one series in page order into a Chunk. */
export class ChunkBuilder {
  count = 0;
  private readonly points: string[] = [];
  private last: [number, number] = [0, 0];

  add(ms: number, ns: number, point: string): void {
    this.points.push(point);
    this.last = [ms, ns];
    this.count++;
  }

  chunk(): Chunk {
    return { count: this.count, bytes: Buffer.from(this.points.join(','), 'utf8'), last: this.last };
  }
}
