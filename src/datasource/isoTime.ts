/**
 * Times of TwinMaker property values as epoch milliseconds: ISO-8601 `time` strings (a
 * hand-rolled parser, as history frames read millions of them) and the deprecated
 * epoch-seconds `timestamp`.
 */

// the last day parsed: a series' times mostly share their day, so Date.UTC runs once a day
let lastY = -1;
let lastMo = -1;
let lastD = -1;
let lastDayMs = 0;

function digits(s: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * Epoch milliseconds of a TwinMaker `time` string (`YYYY-MM-DDThh:mm[:ss[.fff…]](Z|±hh:mm)`).
 * A hand-rolled fast path (history frames parse millions of these), Date.parse otherwise.
 */
export function parseIsoTime(s: string): number {
  // The service's own form, `YYYY-MM-DDThh:mm:ss.fffZ`: fixed positions, no loops.
  // Inline on purpose: a helper here gets inlined by the minifier as a closure per call.
  if (s.length !== 24 || s.charCodeAt(23) !== 90 || s.charCodeAt(19) !== 46 || s.charCodeAt(16) !== 58) {
    return general(s);
  }
  const y0 = s.charCodeAt(0) - 48,
    y1 = s.charCodeAt(1) - 48,
    y2 = s.charCodeAt(2) - 48,
    y3 = s.charCodeAt(3) - 48;
  const m0 = s.charCodeAt(5) - 48,
    m1 = s.charCodeAt(6) - 48,
    d0 = s.charCodeAt(8) - 48,
    d1 = s.charCodeAt(9) - 48;
  const h0 = s.charCodeAt(11) - 48,
    h1 = s.charCodeAt(12) - 48,
    i0 = s.charCodeAt(14) - 48,
    i1 = s.charCodeAt(15) - 48;
  const s0 = s.charCodeAt(17) - 48,
    s1 = s.charCodeAt(18) - 48;
  const f0 = s.charCodeAt(20) - 48,
    f1 = s.charCodeAt(21) - 48,
    f2 = s.charCodeAt(22) - 48;
  // every digit 0..9: unsigned compare catches both below '0' and above '9'
  if (
    y0 >>> 0 > 9 ||
    y1 >>> 0 > 9 ||
    y2 >>> 0 > 9 ||
    y3 >>> 0 > 9 ||
    m0 >>> 0 > 9 ||
    m1 >>> 0 > 9 ||
    d0 >>> 0 > 9 ||
    d1 >>> 0 > 9 ||
    h0 >>> 0 > 9 ||
    h1 >>> 0 > 9 ||
    i0 >>> 0 > 9 ||
    i1 >>> 0 > 9 ||
    s0 >>> 0 > 9 ||
    s1 >>> 0 > 9 ||
    f0 >>> 0 > 9 ||
    f1 >>> 0 > 9 ||
    f2 >>> 0 > 9
  ) {
    return general(s);
  }
  const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const mo = m0 * 10 + m1;
  const d = d0 * 10 + d1;
  if (y !== lastY || mo !== lastMo || d !== lastD) {
    lastY = y;
    lastMo = mo;
    lastD = d;
    lastDayMs = Date.UTC(y, mo - 1, d);
  }
  return (
    lastDayMs + (h0 * 10 + h1) * 3_600_000 + (i0 * 10 + i1) * 60_000 + (s0 * 10 + s1) * 1000 + f0 * 100 + f1 * 10 + f2
  );
}

/** Any other form: digits read by position where they sit, Date.parse for the rest. */
function general(s: string): number {
  if (s.length < 17 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58)
    return Date.parse(s);
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0) return Date.parse(s);
  let i = 16;
  let sec = 0;
  let ms = 0;
  if (s.charCodeAt(i) === 58) {
    sec = digits(s, 17, 2);
    if (sec < 0) return Date.parse(s);
    i = 19;
    if (s.charCodeAt(i) === 46) {
      i++;
      let scale = 100;
      for (let c = s.charCodeAt(i) - 48; c >= 0 && c <= 9; c = s.charCodeAt(++i) - 48) {
        if (scale >= 1) ms += c * scale;
        scale /= 10;
      }
    }
  }
  let offsetMs = 0;
  const z = s.charCodeAt(i);
  if (z === 43 || z === 45) {
    const oh = digits(s, i + 1, 2);
    const om = s.charCodeAt(i + 3) === 58 ? digits(s, i + 4, 2) : digits(s, i + 3, 2);
    if (oh < 0 || om < 0) return Date.parse(s);
    offsetMs = (z === 43 ? 1 : -1) * (oh * 3_600_000 + om * 60_000);
  } else if (z !== 90 && z !== 122) {
    return Date.parse(s);
  }
  if (y !== lastY || mo !== lastMo || d !== lastD) {
    lastY = y;
    lastMo = mo;
    lastD = d;
    lastDayMs = Date.UTC(y, mo - 1, d);
  }
  return lastDayMs + h * 3_600_000 + mi * 60_000 + sec * 1000 + ms - offsetMs;
}

/** Epoch ms of a PropertyValue: its `time` string, or the deprecated epoch-seconds `timestamp`. */
export function valueTimeMs(v: { time?: string; timestamp?: number }): number {
  if (v.time !== undefined) return parseIsoTime(v.time);
  return v.timestamp !== undefined ? v.timestamp * 1000 : NaN;
}
