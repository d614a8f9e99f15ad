import { LiveValueBus } from './live-value-bus';
import { ValueEvent } from './values';

const event = (seq: number, entityId: string, propertyName = 'p'): ValueEvent => ({
  seq,
  entityId,
  componentName: 'c',
  propertyName,
  point: `{"time":"2024-01-01T00:00:0${seq}Z","value":{"integerValue":${seq}}}`,
});

test('a subscriber gets the values of the series it follows, in order, and no others', () => {
  const bus = new LiveValueBus();
  const got: number[] = [];
  bus.subscribe('ws', [{ entityId: 'a', componentName: 'c', propertyName: 'p' }], 0, (e) => got.push(e.seq));
  bus.publish('ws', [event(1, 'a'), event(2, 'b'), event(3, 'a', 'q'), event(4, 'a')]);
  expect(got).toEqual([1, 4]);
});

test('values of another workspace are not delivered', () => {
  const bus = new LiveValueBus();
  const got: number[] = [];
  bus.subscribe('ws', [{ entityId: 'a', componentName: 'c', propertyName: 'p' }], 0, (e) => got.push(e.seq));
  bus.publish('other', [event(1, 'a')]);
  expect(got).toEqual([]);
});

test('seqs up to what a replay already sent are skipped, once each', () => {
  const bus = new LiveValueBus();
  const got: number[] = [];
  bus.subscribe('ws', [{ entityId: 'a', componentName: 'c', propertyName: 'p' }], 5, (e) => got.push(e.seq));
  bus.publish('ws', [event(4, 'a'), event(5, 'a'), event(6, 'a')]);
  bus.publish('ws', [event(6, 'a'), event(7, 'a')]);
  expect(got).toEqual([6, 7]);
});

test('after unsubscribing nothing is delivered, and an empty workspace has no subscribers', () => {
  const bus = new LiveValueBus();
  const got: number[] = [];
  const stop = bus.subscribe('ws', [{ entityId: 'a', componentName: 'c', propertyName: 'p' }], 0, (e) =>
    got.push(e.seq),
  );
  expect(bus.hasSubscribers('ws')).toBe(true);
  stop();
  bus.publish('ws', [event(1, 'a')]);
  expect(got).toEqual([]);
  expect(bus.hasSubscribers('ws')).toBe(false);
});

test('two subscribers of the same series each get every value', () => {
  const bus = new LiveValueBus();
  const first: number[] = [];
  const second: number[] = [];
  const series = [{ entityId: 'a', componentName: 'c', propertyName: 'p' }];
  bus.subscribe('ws', series, 0, (e) => first.push(e.seq));
  bus.subscribe('ws', series, 0, (e) => second.push(e.seq));
  bus.publish('ws', [event(1, 'a'), event(2, 'a')]);
  expect([first, second]).toEqual([
    [1, 2],
    [1, 2],
  ]);
});
