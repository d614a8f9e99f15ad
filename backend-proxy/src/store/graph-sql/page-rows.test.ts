import { assembleRows, documentKeys, firstRows } from './page-rows';

const json = (text: string) => Buffer.from(text);
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString();

// columns: a NODE key, an EDGE key, a rendered VALUE
const cells = [1, 2, 0];
const rows = [
  [7, 3, json('1.5')],
  [8, null, json('"second"')],
  [7, 3, json('2')],
];

test('a page names each entity and edge key once', () => {
  expect(documentKeys(rows, cells)).toEqual({ nodes: '[7,8]', edges: '[3]' });
  expect(documentKeys([[json('1')]], [0])).toBeUndefined();
  expect(documentKeys([[null]], [1])).toBeUndefined();
});

test('rows are put together in order, NODE and EDGE cells from their documents', () => {
  const documents = [
    [1, 7, json('{"entityId":"a"}')],
    [2, 3, json('{"relationshipName":"feed"}')],
    [1, 8, json('{"entityId":"ü"}')],
  ];
  const packed = assembleRows(rows, cells, documents);
  const first = '{"rowData":[{"entityId":"a"},{"relationshipName":"feed"},1.5]}';
  expect(text(packed.bytes)).toBe(
    `${first},{"rowData":[{"entityId":"ü"},null,"second"]},{"rowData":[{"entityId":"a"},{"relationshipName":"feed"},2]}`,
  );
  expect(packed.ends[0]).toBe(Buffer.byteLength(first));
  expect(packed.ends).toHaveLength(3);
  expect(packed.ends[2]).toBe(packed.bytes.length);
});

test('a key without a document (another workspace, deleted meanwhile) is null', () => {
  expect(text(assembleRows([[9]], [1], []).bytes)).toBe('{"rowData":[null]}');
});

test('no rows pack to nothing', () => {
  expect(assembleRows([], [1], [])).toEqual({ bytes: new Uint8Array(0), ends: [] });
});

test('the first rows of a packing are a prefix without the separator', () => {
  const packed = assembleRows([[json('1')], [json('22')], [json('333')]], [0], []);
  expect(text(firstRows(packed, 2).bytes)).toBe('{"rowData":[1]},{"rowData":[22]}');
  expect(firstRows(packed, 2).ends).toEqual([15, 32]);
  expect(text(firstRows(packed, 0).bytes)).toBe('');
  expect(firstRows(packed, 5)).toBe(packed);
});
