import { firstRows, packRows } from './packed-rows';

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString();

test('rows are packed comma-separated with their end offsets', () => {
  const packed = packRows([Buffer.from('{"a":1}'), Buffer.from('"ü"'), Buffer.from('[]')]);
  expect(text(packed.bytes)).toBe('{"a":1},"ü",[]');
  expect(packed.ends).toEqual([7, 12, 15]);
});

test('no rows pack to nothing', () => {
  expect(packRows([])).toEqual({ bytes: new Uint8Array(0), ends: [] });
});

test('the first rows of a packing are a prefix without the separator', () => {
  const packed = packRows([Buffer.from('1'), Buffer.from('22'), Buffer.from('333')]);
  expect(text(firstRows(packed, 2).bytes)).toBe('1,22');
  expect(firstRows(packed, 2).ends).toEqual([1, 4]);
  expect(text(firstRows(packed, 0).bytes)).toBe('');
  expect(firstRows(packed, 5)).toBe(packed);
});
