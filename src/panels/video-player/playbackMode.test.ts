import { dateTime } from '@grafana/data';

import { isLiveRange } from './playbackMode';

const now = Date.parse('2026-03-01T12:00:00Z');
const range = (to: number, rawTo: unknown = dateTime(to)) => ({ raw: { to: rawTo }, to: dateTime(to) });

describe('isLiveRange', () => {
  it('is live for a range ending at now', () => {
    expect(isLiveRange(range(now - 60_000, 'now'), now)).toBe(true);
  });
  it('is live for an absolute end that has not passed', () => {
    expect(isLiveRange(range(now + 3_600_000), now)).toBe(true);
    expect(isLiveRange(range(now - 1_000), now)).toBe(true);
  });
  it('plays the recording for a range that ended', () => {
    expect(isLiveRange(range(now - 300_000, 'now-5m'), now)).toBe(false);
    expect(isLiveRange(range(now - 60_000), now)).toBe(false);
  });
});
