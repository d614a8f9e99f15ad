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

/** The number in `text[from, from + count)` when every character is a digit, else -1. */
function digits(text: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * The instant a Time string names, or a message saying what is wrong with it. Parsed by
 * character codes rather than a regular expression: ingest parses one per value.
 */
export function parseTime(text: unknown): Instant | string {
  if (typeof text !== 'string') return 'must be an ISO-8601 string such as 2024-05-01T12:00:00Z';
  const shape = () =>
    `"${text.slice(0, 40)}" is not a TwinMaker time: use YYYY-MM-DDThh:mm:ss[.fraction] with Z or ±HH:mm`;
  const length = text.length;
  if (length < 20 || text[4] !== '-' || text[7] !== '-' || text[10] !== 'T' || text[13] !== ':' || text[16] !== ':') {
    return shape();
  }
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return shape();
  let at = 19;
  let fractionMs = 0;
  let ns = 0;
  if (text[at] === '.') {
    let end = at + 1;
    while (end < length && text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) end++;
    const count = end - at - 1;
    if (count < 1 || count > 9) return shape();
    const nine = digits((text.slice(at + 1, end) + '00000000').slice(0, 9), 0, 9);
    fractionMs = Math.floor(nine / 1_000_000);
    ns = nine % 1_000_000;
    at = end;
  }
  let offsetMinutes = 0;
  if (text[at] === 'Z' && at + 1 === length) {
    // UTC
  } else if ((text[at] === '+' || text[at] === '-') && at + 6 === length && text[at + 3] === ':') {
    const oh = digits(text, at + 1, 2);
    const om = digits(text, at + 4, 2);
    if (oh < 0 || om < 0) return shape();
    if (oh > 23 || om > 59) return `"${text}" has an invalid UTC offset`;
    offsetMinutes = (text[at] === '-' ? -1 : 1) * (oh * 60 + om);
  } else {
    return shape();
  }
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) {
    return `"${text}" is not a valid date and time`;
  }
  // Date.UTC reads years 0..99 as 1900..1999: such years are out of range anyway
  if (year < 1000) return `"${text}" is outside the supported range (years 1678 to 2261)`;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000 + fractionMs;
  if (ms < MIN_MS || ms > MAX_MS) return `"${text}" is outside the supported range (years 1678 to 2261)`;
  return { ms, ns };
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

/**
 * Whether a Time string that parsed to `at` is already written the way TimeFormatter writes
 * it, checked for the common form only (UTC `Z`, exactly three fraction digits): ingest then
 * keeps the client's text instead of formatting the instant again.
 */
export function isCanonicalTime(text: string, at: Instant): boolean {
  return at.ns === 0 && text.length === 24 && text.charCodeAt(19) === 46 /* . */ && text.charCodeAt(23) === 90; /* Z */
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
