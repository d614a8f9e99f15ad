import { assembleRows, firstRows } from './page-rows';

const json = (text: string) => Buffer.from(text);
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString();

test('rows are put together in their order, NODE and EDGE cells from their documents', () => {
  // kind, key, cells: a NODE column, an EDGE column and a rendered VALUE column
  const rows = [
    [0, null, 7, 3, json('1.5')],
    [0, null, 8, null, json('"second"')],
    [1, 7, json('{"entityId":"a"}'), null, null],
    [2, 3, json('{"relationshipName":"feed"}'), null, null],
    [1, 8, json('{"entityId":"ü"}'), null, null],
  ];
  const packed = assembleRows(rows, [1, 2, 0]);
  expect(text(packed.bytes)).toBe(
    '{"rowData":[{"entityId":"a"},{"relationshipName":"feed"},1.5]},{"rowData":[{"entityId":"ü"},null,"second"]}',
  );
  expect(packed.ends).toEqual([
    Buffer.byteLength('{"rowData":[{"entityId":"a"},{"relationshipName":"feed"},1.5]}'),
    packed.bytes.length,
  ]);
});

test('no rows pack to nothing', () => {
  expect(assembleRows([], [1])).toEqual({ bytes: new Uint8Array(0), ends: [] });
});

test('the first rows of a packing are a prefix without the separator', () => {
  const packed = assembleRows(
    [
      [0, null, json('1')],
      [0, null, json('22')],
      [0, null, json('333')],
    ],
    [0],
  );
  expect(text(firstRows(packed, 2).bytes)).toBe('{"rowData":[1]},{"rowData":[22]}');
  expect(firstRows(packed, 2).ends).toEqual([15, 32]);
  expect(text(firstRows(packed, 0).bytes)).toBe('');
  expect(firstRows(packed, 5)).toBe(packed);
});
