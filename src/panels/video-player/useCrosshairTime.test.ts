import { DataHoverClearEvent, DataHoverEvent, EventBusSrv } from '@grafana/data';
import { act, renderHook } from '@testing-library/react';

import { useCrosshairTime } from './useCrosshairTime';

describe('useCrosshairTime', () => {
  it("follows the dashboard's shared crosshair and clears with it", () => {
    const bus = new EventBusSrv();
    const { result } = renderHook(() => useCrosshairTime(bus));
    expect(result.current).toBeUndefined();
    act(() => bus.publish(new DataHoverEvent({ point: { time: 1_700_000_000_000 } })));
    expect(result.current).toBe(1_700_000_000_000);
    act(() => bus.publish(new DataHoverClearEvent()));
    expect(result.current).toBeUndefined();
  });
  it('ignores hovers without a time (e.g. over a bar chart category)', () => {
    const bus = new EventBusSrv();
    const { result } = renderHook(() => useCrosshairTime(bus));
    act(() => bus.publish(new DataHoverEvent({ point: { x: 3 } })));
    expect(result.current).toBeUndefined();
  });
});
