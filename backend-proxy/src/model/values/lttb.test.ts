import fc from 'fast-check';
import { LttbStream, XY } from './lttb';

/**
 * The reference: Steinarsson's LTTB as the thesis and its published JavaScript give it, over
 * the whole array at once (data[i] = [x, y]).
 */
function referenceLttb(data: [number, number][], threshold: number): [number, number][] {
  const n = data.length;
  if (threshold >= n || threshold === 0) return data;
  const sampled: [number, number][] = [data[0]!];
  const every = (n - 2) / (threshold - 2);
  let a = 0;
  for (let i = 0; i < threshold - 2; i++) {
    let avgX = 0;
    let avgY = 0;
    let avgStart = Math.floor((i + 1) * every) + 1;
    const avgEnd = Math.min(Math.floor((i + 2) * every) + 1, n);
    const avgLength = avgEnd - avgStart;
    for (; avgStart < avgEnd; avgStart++) {
      avgX += data[avgStart]![0];
      avgY += data[avgStart]![1];
    }
    avgX /= avgLength;
    avgY /= avgLength;
    let offset = Math.floor(i * every) + 1;
    const to = Math.floor((i + 1) * every) + 1;
    const [ax, ay] = data[a]!;
    let maxArea = -1;
    let nextA = offset;
    for (; offset < to; offset++) {
      const area = Math.abs((ax - avgX) * (data[offset]![1] - ay) - (ax - data[offset]![0]) * (avgY - ay)) * 0.5;
      if (area > maxArea) {
        maxArea = area;
        nextA = offset;
      }
    }
    sampled.push(data[nextA]!);
    a = nextA;
  }
  sampled.push(data[n - 1]!);
  return sampled;
}

function streamed(data: [number, number][], threshold: number): [number, number][] {
  const out: [number, number][] = [];
  const stream = new LttbStream<XY>(data.length, threshold, (p) => out.push([p.x, p.y]));
  for (const [x, y] of data) stream.push({ x, y });
  return out;
}

test('a known series keeps the peaks and troughs the reference keeps', () => {
  // a sine with a spike: 1,000 samples at 1 s down to 50 points
  const data = Array.from({ length: 1000 }, (_, i): [number, number] => [
    i * 1000,
    Math.sin(i / 50) * 10 + (i === 437 ? 100 : 0),
  ]);
  const kept = streamed(data, 50);
  expect(kept).toEqual(referenceLttb(data, 50));
  expect(kept).toHaveLength(50);
  expect(kept[0]).toEqual(data[0]);
  expect(kept[49]).toEqual(data[999]);
  expect(kept).toContainEqual(data[437]); // the spike survives
});

test('any series and threshold give what the reference gives', () => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 0, maxLength: 400 }),
      fc.integer({ min: 3, max: 500 }),
      (ys, threshold) => {
        const data = ys.map((y, i): [number, number] => [1_700_000_000_000 + i * 250, y]);
        expect(streamed(data, threshold)).toEqual(referenceLttb(data, threshold));
      },
    ),
    { numRuns: 300 },
  );
});

test('a threshold at or above the point count keeps every point', () => {
  const data: [number, number][] = [
    [0, 1],
    [1, 5],
    [2, 3],
  ];
  expect(streamed(data, 3)).toEqual(data);
  expect(streamed(data, 10)).toEqual(data);
  expect(streamed([], 5)).toEqual([]);
});

test('only two buckets are held whatever the series length', () => {
  let held = 0;
  const stream = new LttbStream<XY>(100_000, 100, () => {});
  for (let i = 0; i < 100_000; i++) {
    stream.push({ x: i, y: Math.sin(i) });
    const s = stream as unknown as { current: XY[]; next: XY[] };
    held = Math.max(held, s.current.length + s.next.length);
  }
  expect(held).toBeLessThanOrEqual(2 * Math.ceil(99_998 / 98));
});
