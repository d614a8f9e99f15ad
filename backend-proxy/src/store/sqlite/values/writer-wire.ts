import { AlarmCommand, AlarmCommandResult, StatusValueEvent } from '../alarms/alarm-commands';
import { WriteJob, WriteResult } from './batch-writer';

/**
 * A job as it crosses to the worker: numbers in one typed array and the points as one
 * string, because structured cloning of many small values cost more than the copy.
 */
export interface WireJob {
  workspaceId: string;
  /** seriesId, ms, ns per row */
  numbers: Float64Array;
  /** the points joined by newlines (JSON text never holds a raw newline) */
  points: string;
  newSeries: [number, string, string, string][];
  alarm?: AlarmCommand;
}

export interface WireResult {
  error?: string;
  /** seq per row, then the row order, then the series id per row */
  numbers?: Float64Array;
  statusValues?: StatusValueEvent[];
  alarm?: AlarmCommandResult;
}

export function encodeJob(job: WriteJob): WireJob {
  const n = job.seriesIds.length;
  const numbers = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    numbers[i * 3] = job.seriesIds[i]!;
    numbers[i * 3 + 1] = job.ms[i]!;
    numbers[i * 3 + 2] = job.ns[i]!;
  }
  return {
    workspaceId: job.workspaceId,
    numbers,
    points: job.points.join('\n'),
    newSeries: job.newSeries,
    ...(job.alarm && { alarm: job.alarm }),
  };
}

export function decodeJob(wire: WireJob): WriteJob {
  const n = wire.numbers.length / 3;
  const seriesIds = new Array<number>(n);
  const ms = new Array<number>(n);
  const ns = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    seriesIds[i] = wire.numbers[i * 3]!;
    ms[i] = wire.numbers[i * 3 + 1]!;
    ns[i] = wire.numbers[i * 3 + 2]!;
  }
  return {
    workspaceId: wire.workspaceId,
    seriesIds,
    ms,
    ns,
    points: wire.points === '' ? [] : wire.points.split('\n'),
    newSeries: wire.newSeries,
    ...(wire.alarm && { alarm: wire.alarm }),
  };
}

export function encodeResult(result: WriteResult): WireResult {
  if (result.error !== undefined) return { error: result.error };
  const n = result.seqs!.length;
  const numbers = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    numbers[i] = result.seqs![i]!;
    numbers[n + i] = result.order![i]!;
    numbers[2 * n + i] = result.seriesIds![i]!;
  }
  return {
    numbers,
    ...(result.statusValues?.length && { statusValues: result.statusValues }),
    ...(result.alarm && { alarm: result.alarm }),
  };
}

export function decodeResult(wire: WireResult): WriteResult {
  if (wire.error !== undefined) return { error: wire.error };
  const numbers = wire.numbers!;
  const n = numbers.length / 3;
  return {
    seqs: Array.from(numbers.subarray(0, n)),
    order: Array.from(numbers.subarray(n, 2 * n)),
    seriesIds: Array.from(numbers.subarray(2 * n)),
    statusValues: wire.statusValues ?? [],
    ...(wire.alarm && { alarm: wire.alarm }),
  };
}
