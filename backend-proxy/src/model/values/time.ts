/**
 * TwinMaker `Time` strings: `YYYY-MM-DDThh:mm:ss[.SSSSSSSSS](Z|±HH:mm)`, 20..35 characters.
 * Internally an instant is epoch milliseconds plus the sub-millisecond nanoseconds (0..999999),
 * because a JS number cannot hold epoch nanoseconds exactly; SQL joins them into one integer.
 */
export interface Instant {
  ms: number;
  /** nanoseconds past `ms`, 0..999999 */
  ns: number;
}

/** epoch nanoseconds must fit SQLite's signed 64-bit integer: 1677-09-21 … 2262-04-11 */
const MIN_MS = -9_223_372_036_854;
const MAX_MS = 9_223_372_036_853;

const TIME_SHAPE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/** The instant a Time string names, or a message saying what is wrong with it. */
export function parseTime(text: unknown): Instant | string {
  if (typeof text !== 'string') return 'must be an ISO-8601 string such as 2024-05-01T12:00:00Z';
  const m = TIME_SHAPE.exec(text);
  if (!m) {
    return `"${text.slice(0, 40)}" is not a TwinMaker time: use YYYY-MM-DDThh:mm:ss[.fraction] with Z or ±HH:mm`;
  }
  const year = +m[1]!;
  const month = +m[2]!;
  const day = +m[3]!;
  const hour = +m[4]!;
  const minute = +m[5]!;
  const second = +m[6]!;
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) {
    return `"${text}" is not a valid date and time`;
  }
  let offsetMinutes = 0;
  const zone = m[8]!;
  if (zone !== 'Z') {
    const oh = +zone.slice(1, 3);
    const om = +zone.slice(4, 6);
    if (oh > 23 || om > 59) return `"${text}" has an invalid UTC offset`;
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const fraction = m[7] ? (m[7] + '00000000').slice(0, 9) : '000000000';
  const ms = Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000 + +fraction.slice(0, 3);
  if (ms < MIN_MS || ms > MAX_MS) return `"${text}" is outside the supported range (years 1678 to 2261)`;
  return { ms, ns: +fraction.slice(3) };
}

/** The deprecated `timestamp`/`startDateTime` members: epoch seconds, fractions allowed. */
export function fromEpochSeconds(seconds: unknown): Instant | string {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return 'must be a number of epoch seconds';
  const ms = Math.round(seconds * 1000);
  if (ms < MIN_MS || ms > MAX_MS) return `${seconds} is outside the supported range (years 1678 to 2261)`;
  return { ms, ns: 0 };
}

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function compareInstants(a: Instant, b: Instant): number {
  return a.ms - b.ms || a.ns - b.ns;
}

/**
 * Formats instants as `YYYY-MM-DDThh:mm:ss.SSSZ` (more fraction digits when there are
 * sub-millisecond nanoseconds). Reuses the `YYYY-MM-DDThh:mm:` prefix while consecutive
 * instants fall in the same minute: history pages format thousands of neighbouring times.
 */
export class TimeFormatter {
  private minute = NaN;
  private prefix = '';

  format(ms: number, ns = 0): string {
    const minute = Math.floor(ms / 60_000);
    if (minute !== this.minute) {
      this.minute = minute;
      this.prefix = new Date(minute * 60_000).toISOString().slice(0, 17);
    }
    const rest = ms - minute * 60_000; // 0..59999
    const seconds = Math.floor(rest / 1000);
    const millis = rest - seconds * 1000;
    let text =
      this.prefix + (seconds < 10 ? '0' : '') + seconds + '.' + (millis < 10 ? '00' : millis < 100 ? '0' : '') + millis;
    if (ns !== 0) text += String(ns).padStart(6, '0').replace(/0+$/, '');
    return text + 'Z';
  }
}

const sharedFormatter = new TimeFormatter();
export function formatTime(ms: number, ns = 0): string {
  return sharedFormatter.format(ms, ns);
}
