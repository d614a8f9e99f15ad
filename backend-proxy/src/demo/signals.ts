import { BulkPoint } from '../api/values';

export interface DemoMachine {
  entityId: string;
  name: string;
  kind: 'mixer' | 'conveyor' | 'oven';
  componentName: string;
  serialNumber: string;
}

export interface DemoLine {
  entityId: string;
  name: string;
  /** in flow order: each machine feeds the next */
  machines: DemoMachine[];
}

const machine = (line: number, kind: DemoMachine['kind'], name: string): DemoMachine => ({
  entityId: `${name.replace(/ /g, '_')}_${line}`,
  name: `${name} ${line}`,
  kind,
  componentName: kind[0]!.toUpperCase() + kind.slice(1),
  serialNumber: `DPL-${kind.slice(0, 3).toUpperCase()}-${1000 + line}`,
});

export const SITE_LINES: DemoLine[] = [1, 2].map((n) => ({
  entityId: `Line_${n}`,
  name: `Line ${n}`,
  machines: [machine(n, 'mixer', 'Mixer'), machine(n, 'conveyor', 'Conveyor'), machine(n, 'oven', 'Oven')],
}));

const MINUTE = 60_000;

/** Small repeatable noise in [-1, 1] for a time and a channel: the same time always reads the same. */
function noise(t: number, channel: number) {
  let x = Math.imul((Math.floor(t / 1000) ^ (channel * 0x9e3779b1)) >>> 0, 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
  return ((x ^ (x >>> 16)) / 0xffffffff) * 2 - 1;
}

const wave = (t: number, periodMinutes: number, phase = 0) =>
  Math.sin((2 * Math.PI * t) / (periodMinutes * MINUTE) + phase);
const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * Every sensor of the site at time t (epoch ms). Signals follow slow cycles so a dashboard
 * shows movement: each mixer pauses for 3 minutes in every 15 (rpm 0, IDLE), and the oven
 * of line 1 overheats for 2 minutes in every 20 (above 240 °C, ALARM), so rules and alarms
 * have something to show.
 */
export function sensorsOf(t: number): BulkPoint[] {
  const time = new Date(t).toISOString();
  const points: BulkPoint[] = [];
  const put = (m: DemoMachine, propertyName: string, value: Record<string, unknown>) =>
    points.push({ entityId: m.entityId, componentName: m.componentName, propertyName, time, value });
  for (const [i, line] of SITE_LINES.entries()) {
    const [mixer, conveyor, oven] = line.machines as [DemoMachine, DemoMachine, DemoMachine];
    const channel = i * 10;

    const paused = (t / MINUTE + i * 7) % 15 < 3;
    const rpm = paused ? 0 : Math.round(118 + 12 * wave(t, 9, i) + 3 * noise(t, channel + 1));
    put(mixer, 'running', { booleanValue: !paused });
    put(mixer, 'rpm', { integerValue: rpm });
    put(mixer, 'temperature', {
      doubleValue: round(24 + 3 * wave(t, 30, i) + (paused ? -1 : 2) + 0.3 * noise(t, channel + 2), 2),
    });
    put(mixer, 'status', { stringValue: paused ? 'IDLE' : 'RUNNING' });

    put(conveyor, 'speed', { doubleValue: round(paused ? 0.2 : 0.8 + 0.05 * noise(t, channel + 3), 3) });
    put(conveyor, 'status', { stringValue: 'RUNNING' });

    const overheating = i === 0 && (t / MINUTE) % 20 >= 18;
    const ovenTemperature = 205 + 8 * wave(t, 25, i) + (overheating ? 50 : 0) + 0.8 * noise(t, channel + 4);
    put(oven, 'temperature', { doubleValue: round(ovenTemperature, 1) });
    put(oven, 'power', {
      doubleValue: round(48 + 6 * wave(t, 25, i) + (overheating ? 9 : 0) + noise(t, channel + 5), 2),
    });
    put(oven, 'status', { stringValue: ovenTemperature > 240 ? 'ALARM' : 'RUNNING' });
  }
  return points;
}
