// Live or recorded: what the dashboard's time range asks the player for.

/** The slack for "ends now": a range whose end is computed a moment before it is compared. */
const NOW_SLACK_MS = 5_000;

/** True when the range ends at now (raw `now`, or an end not yet past), so the live stream plays. */
export function isLiveRange(range: { raw: { to: unknown }; to: { valueOf(): number } }, now = Date.now()): boolean {
  if (range.raw.to === 'now') return true;
  return range.to.valueOf() >= now - NOW_SLACK_MS;
}
