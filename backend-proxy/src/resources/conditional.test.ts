import { isNotModified, rangeOf, rangeStillValid } from './conditional';

describe('Range', () => {
  it('serves one range, clamped to the end', () => {
    expect(rangeOf('bytes=0-9', 100)).toEqual({ kind: 'partial', range: { start: 0, end: 9 } });
    expect(rangeOf('bytes=90-', 100)).toEqual({ kind: 'partial', range: { start: 90, end: 99 } });
    expect(rangeOf('bytes=90-1000', 100)).toEqual({ kind: 'partial', range: { start: 90, end: 99 } });
    expect(rangeOf('bytes=-10', 100)).toEqual({ kind: 'partial', range: { start: 90, end: 99 } });
    expect(rangeOf('bytes=-1000', 100)).toEqual({ kind: 'partial', range: { start: 0, end: 99 } });
  });

  it('answers a start past the end as unsatisfiable', () => {
    expect(rangeOf('bytes=100-', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(rangeOf('bytes=-0', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(rangeOf('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
  });

  it('serves the whole resource for what it does not handle', () => {
    expect(rangeOf(undefined, 100)).toEqual({ kind: 'full' });
    expect(rangeOf('bytes=0-1,5-6', 100)).toEqual({ kind: 'full' });
    expect(rangeOf('items=0-1', 100)).toEqual({ kind: 'full' });
    expect(rangeOf('bytes=9-2', 100)).toEqual({ kind: 'full' });
  });
});

describe('conditional requests', () => {
  const info = { etag: '"abc"', lastModified: 1_700_000_000.5 };
  it('matches If-None-Match weakly, in lists and with *', () => {
    expect(isNotModified({ 'if-none-match': '"abc"' }, info)).toBe(true);
    expect(isNotModified({ 'if-none-match': 'W/"abc"' }, info)).toBe(true);
    expect(isNotModified({ 'if-none-match': '"x", "abc"' }, info)).toBe(true);
    expect(isNotModified({ 'if-none-match': '*' }, info)).toBe(true);
    expect(isNotModified({ 'if-none-match': '"x"' }, info)).toBe(false);
  });

  it('uses If-Modified-Since only without If-None-Match', () => {
    const at = new Date(1_700_000_000 * 1000).toUTCString();
    expect(isNotModified({ 'if-modified-since': at }, info)).toBe(true);
    expect(isNotModified({ 'if-modified-since': new Date(1_600_000_000_000).toUTCString() }, info)).toBe(false);
    expect(isNotModified({ 'if-none-match': '"x"', 'if-modified-since': at }, info)).toBe(false);
  });

  it('keeps a range only while If-Range still matches', () => {
    expect(rangeStillValid(undefined, info)).toBe(true);
    expect(rangeStillValid('"abc"', info)).toBe(true);
    expect(rangeStillValid('"old"', info)).toBe(false);
  });
});
