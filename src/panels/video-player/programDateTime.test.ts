import { hasProgramDateTime, mediaPositionAt, recordedSpans, spansInRange, wallTimeAt } from './programDateTime';

const T0 = Date.parse('2026-03-01T10:00:00Z');
const s = 1000;
// what hls.js makes of a recording of 2 s segments: 0–10 s, a gap of 20 s (discontinuity with a
// new date), then 10 s more; media time runs on over the gap
const fragments = [
  ...[0, 1, 2, 3, 4].map((i) => ({ start: i * 2, duration: 2, programDateTime: T0 + i * 2 * s })),
  ...[0, 1, 2, 3, 4].map((i) => ({ start: 10 + i * 2, duration: 2, programDateTime: T0 + 30 * s + i * 2 * s })),
];

describe('mediaPositionAt', () => {
  it('maps a recorded wall-clock time to the media time of the same instant', () => {
    expect(mediaPositionAt(fragments, T0 + 5_500)).toEqual({ mediaTime: 5.5, wallTime: T0 + 5_500, inGap: false });
    expect(mediaPositionAt(fragments, T0 + 33 * s)).toEqual({ mediaTime: 13, wallTime: T0 + 33 * s, inGap: false });
  });
  it('plays from the next recorded span when the time falls in a gap or before the recording', () => {
    expect(mediaPositionAt(fragments, T0 + 15 * s)).toEqual({ mediaTime: 10, wallTime: T0 + 30 * s, inGap: true });
    expect(mediaPositionAt(fragments, T0 - 60 * s)).toEqual({ mediaTime: 0, wallTime: T0, inGap: true });
  });
  it('has nothing after the end of the recording', () => {
    expect(mediaPositionAt(fragments, T0 + 40 * s)).toBeUndefined();
  });
});

describe('wallTimeAt', () => {
  it('inverts the mapping on both sides of the gap', () => {
    expect(wallTimeAt(fragments, 5.5)).toBe(T0 + 5_500);
    expect(wallTimeAt(fragments, 13)).toBe(T0 + 33 * s);
    expect(wallTimeAt(fragments, 20)).toBe(T0 + 40 * s);
    expect(wallTimeAt(fragments, 25)).toBeUndefined();
  });
});

describe('recordedSpans', () => {
  it('joins back-to-back fragments and splits where the date jumps', () => {
    expect(recordedSpans(fragments)).toEqual([
      { from: T0, to: T0 + 10 * s },
      { from: T0 + 30 * s, to: T0 + 40 * s },
    ]);
  });
  it('tolerates the rounding of segment durations', () => {
    const rounded = [
      { start: 0, duration: 2.002, programDateTime: T0 },
      { start: 2.002, duration: 2, programDateTime: T0 + 2 * s },
    ];
    expect(recordedSpans(rounded)).toEqual([{ from: T0, to: T0 + 4 * s }]);
  });
  it('knows when a playlist carries no program date-time', () => {
    const undated = fragments.map((f) => ({ ...f, programDateTime: null }));
    expect(hasProgramDateTime(undated)).toBe(false);
    expect(recordedSpans(undated)).toEqual([]);
    expect(mediaPositionAt(undated, T0)).toBeUndefined();
  });
});

describe('spansInRange', () => {
  it('clips the spans to the range and lists the gaps inside it', () => {
    expect(spansInRange(recordedSpans(fragments), T0 + 5 * s, T0 + 50 * s)).toEqual({
      recorded: [
        { from: T0 + 5 * s, to: T0 + 10 * s },
        { from: T0 + 30 * s, to: T0 + 40 * s },
      ],
      gaps: [
        { from: T0 + 10 * s, to: T0 + 30 * s },
        { from: T0 + 40 * s, to: T0 + 50 * s },
      ],
    });
  });
  it('is one gap when nothing was recorded in the range', () => {
    expect(spansInRange(recordedSpans(fragments), T0 + 12 * s, T0 + 20 * s)).toEqual({
      recorded: [],
      gaps: [{ from: T0 + 12 * s, to: T0 + 20 * s }],
    });
  });
});
