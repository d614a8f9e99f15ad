// The dashboard's shared crosshair: Grafana publishes DataHoverEvent on every panel's event bus
// while the pointer is over a time series (with `point.time`), and DataHoverClearEvent after.
import { DataHoverClearEvent, DataHoverEvent, type EventBus } from '@grafana/data';
import { useEffect, useState } from 'react';

/** The time (epoch ms) under the dashboard's crosshair, or undefined when none is shown. */
export function useCrosshairTime(eventBus: EventBus | undefined): number | undefined {
  const [time, setTime] = useState<number>();
  useEffect(() => {
    if (!eventBus) return;
    const hover = eventBus.getStream(DataHoverEvent).subscribe((event) => {
      const t = event.payload?.point?.time;
      setTime(typeof t === 'number' && Number.isFinite(t) ? t : undefined);
    });
    const clear = eventBus.getStream(DataHoverClearEvent).subscribe(() => setTime(undefined));
    return () => {
      hover.unsubscribe();
      clear.unsubscribe();
    };
  }, [eventBus]);
  return time;
}
