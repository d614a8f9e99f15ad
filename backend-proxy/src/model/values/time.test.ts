import { compareInstants, formatTime, fromEpochSeconds, isCanonicalTime, parseTime, TimeFormatter } from './time';

test('parseTime reads TwinMaker times with Z or offsets and up to nine fraction digits', () => {
  expect(parseTime('2024-05-01T10:00:00Z')).toEqual({ ms: Date.UTC(2024, 4, 1, 10), ns: 0 });
  expect(parseTime('2024-05-01T12:00:00+02:00')).toEqual({ ms: Date.UTC(2024, 4, 1, 10), ns: 0 });
  expect(parseTime('2024-05-01T09:30:00-00:30')).toEqual({ ms: Date.UTC(2024, 4, 1, 10), ns: 0 });
  expect(parseTime('2024-05-01T10:00:00.5Z')).toEqual({ ms: Date.UTC(2024, 4, 1, 10) + 500, ns: 0 });
  expect(parseTime('2024-05-01T10:00:00.123456789Z')).toEqual({ ms: Date.UTC(2024, 4, 1, 10) + 123, ns: 456789 });
  expect(parseTime('1969-12-31T23:59:59.999999999Z')).toEqual({ ms: -1, ns: 999999 });
  expect(parseTime('2024-02-29T00:00:00Z')).toEqual({ ms: Date.UTC(2024, 1, 29), ns: 0 });
});

test('parseTime says what is wrong with a bad time', () => {
  for (const bad of [
    '2024-05-01',
    '2024-05-01T10:00:00',
    '2024-05-01 10:00:00Z',
    '2024-05-01T10:00Z',
    '2024-05-01T10:00:00.1234567890Z',
    'now',
    '',
  ]) {
    expect(parseTime(bad)).toMatch(/is not a TwinMaker time/);
  }
  for (const bad of [
    '2023-02-29T00:00:00Z',
    '2024-04-31T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-05-01T24:00:00Z',
    '2024-05-01T10:60:00Z',
  ]) {
    expect(parseTime(bad)).toMatch(/not a valid date/);
  }
  expect(parseTime('2024-05-01T10:00:00+24:00')).toMatch(/invalid UTC offset/);
  expect(parseTime('1600-01-01T00:00:00Z')).toMatch(/outside the supported range/);
  expect(parseTime('0050-01-01T00:00:00Z')).toMatch(/outside the supported range/);
  expect(parseTime(12)).toMatch(/must be an ISO-8601 string/);
});

test('epoch seconds (the deprecated members) keep millisecond fractions', () => {
  expect(fromEpochSeconds(1714557600.25)).toEqual({ ms: 1714557600250, ns: 0 });
  expect(fromEpochSeconds('1')).toMatch(/epoch seconds/);
  expect(fromEpochSeconds(NaN)).toMatch(/epoch seconds/);
});

test('formatTime writes full ISO-8601 UTC with milliseconds and sub-millisecond digits when present', () => {
  const f = new TimeFormatter();
  const t = Date.UTC(2024, 4, 1, 10, 59, 59, 7);
  expect(f.format(t)).toBe('2024-05-01T10:59:59.007Z');
  expect(f.format(t + 993)).toBe('2024-05-01T11:00:00.000Z');
  expect(f.format(t, 456000)).toBe('2024-05-01T10:59:59.007456Z');
  expect(f.format(t, 1)).toBe('2024-05-01T10:59:59.007000001Z');
  expect(formatTime(-1, 999999)).toBe('1969-12-31T23:59:59.999999999Z');
  for (let i = 0; i < 1000; i++) {
    const ms = Math.floor(Math.random() * 4e12) - 1e12;
    expect(f.format(ms)).toBe(new Date(ms).toISOString());
  }
});

test('parse and format round-trip and instants compare in time order', () => {
  const text = '2031-07-04T01:02:03.000000009Z';
  const at = parseTime(text) as { ms: number; ns: number };
  expect(formatTime(at.ms, at.ns)).toBe(text);
  expect(compareInstants({ ms: 1, ns: 2 }, { ms: 1, ns: 3 })).toBeLessThan(0);
  expect(compareInstants({ ms: 2, ns: 0 }, { ms: 1, ns: 999999 })).toBeGreaterThan(0);
});

test('a time counts as canonical only when formatting its instant gives the same text back', () => {
  const canonical = ['2024-01-01T00:00:00.000Z', '1999-12-31T23:59:59.999Z', '2024-02-29T12:34:56.789Z'];
  const rewritten = [
    '2024-01-01T00:00:00Z',
    '2024-01-01T00:00:00.5Z',
    '2024-01-01T00:00:00.500000Z',
    '2024-01-01T01:00:00.000+01:00',
    '2024-01-01T00:00:00.000-00:00',
  ];
  for (const text of [...canonical, ...rewritten]) {
    const at = parseTime(text);
    if (typeof at === 'string') throw new Error(at);
    expect(isCanonicalTime(text, at)).toBe(canonical.includes(text));
    if (isCanonicalTime(text, at)) expect(formatTime(at.ms, at.ns)).toBe(text);
    else expect(formatTime(at.ms, at.ns)).not.toBe(text);
  }
});
