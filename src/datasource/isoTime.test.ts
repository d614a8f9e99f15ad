import { parseIsoTime, valueTimeMs } from './isoTime';

describe('parseIsoTime', () => {
  it.each([
    '2021-11-05T00:00:00Z',
    '2021-11-05T00:00:00.001Z',
    '2021-11-05T23:59:59.999Z',
    '2024-02-29T12:30:45.5Z',
    '2021-11-05T01:00:00+01:00',
    '2021-11-05T00:00:00.123-05:30',
    '1999-12-31T23:59:59Z',
  ])('agrees with Date.parse for %s', (s) => {
    expect(parseIsoTime(s)).toBe(Date.parse(s));
  });

  it('keeps milliseconds and drops finer digits (nanosecond precision strings)', () => {
    expect(parseIsoTime('2021-11-05T00:00:00.123456789Z')).toBe(Date.parse('2021-11-05T00:00:00.123Z'));
  });

  it('reads times without seconds, as TwinMaker sometimes sends them', () => {
    expect(parseIsoTime('2022-04-07T04:04Z')).toBe(Date.parse('2022-04-07T04:04:00Z'));
  });

  it('switches days correctly across consecutive calls (day cache)', () => {
    expect(parseIsoTime('2021-11-05T10:00:00Z')).toBe(Date.parse('2021-11-05T10:00:00Z'));
    expect(parseIsoTime('2021-11-06T10:00:00Z')).toBe(Date.parse('2021-11-06T10:00:00Z'));
  });

  it.each([
    ['a letter', '2021-11-05T0a:00:00.000Z'],
    ['a colon', '2021-11-05T0::00:00.000Z'],
  ])('refuses %s among the digits of the service form instead of guessing', (_, s) => {
    expect(parseIsoTime(s)).toBeNaN();
  });

  it('falls back to Date.parse for other forms', () => {
    expect(parseIsoTime('not a time')).toBeNaN();
  });
});

describe('valueTimeMs', () => {
  it('reads the time string of a property value', () => {
    expect(valueTimeMs({ time: '2021-11-05T00:00:01Z' })).toBe(Date.parse('2021-11-05T00:00:01Z'));
  });

  it('reads the deprecated epoch-seconds timestamp when there is no time string', () => {
    expect(valueTimeMs({ timestamp: 1636070401.5 })).toBe(1636070401500);
  });

  it('is NaN for a value with neither', () => {
    expect(valueTimeMs({})).toBeNaN();
  });
});
