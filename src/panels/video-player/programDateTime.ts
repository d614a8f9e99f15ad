// Wall-clock time ↔ media time through the playlist's EXT-X-PROGRAM-DATE-TIME, and the spans
// the fragments record. hls.js gives every fragment its media `start`, `duration` (s) and
// `programDateTime` (epoch ms, carried forward from the last tag); media time runs on across
// a gap in the recording (a discontinuity whose date jumps), wall-clock time does not.

/** The parts of an hls.js fragment the mapping needs. */
export interface TimedFragment {
  start: number;
  duration: number;
  programDateTime: number | null;
}

/** A stretch of recording without a gap, in epoch ms. */
export interface RecordedSpan {
  from: number;
  to: number;
}

/** Where a wall-clock time falls in the recording. */
export interface MediaPosition {
  mediaTime: number;
  /** the wall-clock time that plays there: the asked time, or the start of the next span after a gap */
  wallTime: number;
  /** the asked time is in a gap (or before the recording): playing from the next span */
  inGap: boolean;
}

const dated = (fragments: readonly TimedFragment[]) =>
  fragments.filter((f): f is TimedFragment & { programDateTime: number } => f.programDateTime !== null);

/** True when the fragments carry program date-times (without them wall-clock time cannot be followed). */
export function hasProgramDateTime(fragments: readonly TimedFragment[]): boolean {
  return dated(fragments).length > 0;
}

/**
 * The media time that shows wall-clock time `wallMs`; in a gap or before the first fragment,
 * the start of the next recorded fragment; undefined after the end of the recording.
 */
export function mediaPositionAt(fragments: readonly TimedFragment[], wallMs: number): MediaPosition | undefined {
  for (const f of dated(fragments)) {
    const end = f.programDateTime + f.duration * 1000;
    if (wallMs < f.programDateTime) return { mediaTime: f.start, wallTime: f.programDateTime, inGap: true };
    if (wallMs < end)
      return { mediaTime: f.start + (wallMs - f.programDateTime) / 1000, wallTime: wallMs, inGap: false };
  }
  return undefined;
}

/** The wall-clock time (epoch ms) shown at media time `mediaTime`, when a fragment holds it. */
export function wallTimeAt(fragments: readonly TimedFragment[], mediaTime: number): number | undefined {
  const all = dated(fragments);
  for (const f of all)
    if (mediaTime >= f.start && mediaTime < f.start + f.duration)
      return f.programDateTime + (mediaTime - f.start) * 1000;
  // the very end of the last fragment
  const last = all[all.length - 1];
  if (last && Math.abs(mediaTime - (last.start + last.duration)) < 1e-3)
    return last.programDateTime + last.duration * 1000;
  return undefined;
}

/**
 * The recorded spans: consecutive fragments joined while the next one starts where the last
 * ended (within `toleranceMs`, since encoders round durations), split where the date jumps.
 */
export function recordedSpans(fragments: readonly TimedFragment[], toleranceMs = 250): RecordedSpan[] {
  const spans: RecordedSpan[] = [];
  for (const f of dated(fragments)) {
    const from = f.programDateTime;
    const to = from + f.duration * 1000;
    const last = spans[spans.length - 1];
    if (last && Math.abs(from - last.to) <= toleranceMs) last.to = Math.max(last.to, to);
    else spans.push({ from, to });
  }
  return spans;
}

/** The spans clipped to [from, to], and the gaps between them inside it. */
export function spansInRange(
  spans: readonly RecordedSpan[],
  from: number,
  to: number,
): { recorded: RecordedSpan[]; gaps: RecordedSpan[] } {
  const recorded = spans
    .filter((s) => s.to > from && s.from < to)
    .map((s) => ({ from: Math.max(s.from, from), to: Math.min(s.to, to) }));
  const gaps: RecordedSpan[] = [];
  let cursor = from;
  for (const s of recorded) {
    if (s.from > cursor) gaps.push({ from: cursor, to: s.from });
    cursor = Math.max(cursor, s.to);
  }
  if (cursor < to) gaps.push({ from: cursor, to });
  return { recorded, gaps };
}
