import { storableValue } from './point-value';

test('values of the right type become their stored JSON', () => {
  expect(storableValue({ type: 'DOUBLE' }, { doubleValue: 1.5 }, 'v')).toBe('{"doubleValue":1.5}');
  expect(storableValue({ type: 'INTEGER' }, { integerValue: 3 }, 'v')).toBe('{"integerValue":3}');
  expect(storableValue({ type: 'BOOLEAN' }, { booleanValue: false }, 'v')).toBe('{"booleanValue":false}');
  expect(storableValue({ type: 'STRING' }, { stringValue: 'a"b' }, 'v')).toBe('{"stringValue":"a\\"b"}');
  expect(storableValue({ type: 'LIST', nestedType: { type: 'LONG' } }, { listValue: [{ longValue: 1 }] }, 'v')).toBe(
    '{"listValue":[{"longValue":1}]}',
  );
});

test('wrong types, JSON types and expressions are problems naming the place', () => {
  const problem = (r: unknown) => (r as { problem: string }).problem;
  expect(problem(storableValue({ type: 'DOUBLE' }, { stringValue: 'x' }, 'v'))).toMatch(/v is a stringValue/);
  expect(problem(storableValue({ type: 'DOUBLE' }, { doubleValue: 'x' as unknown as number }, 'v'))).toMatch(
    /v.doubleValue must be a finite number/,
  );
  expect(problem(storableValue({ type: 'INTEGER' }, { integerValue: 1.5 }, 'v'))).toMatch(/whole number/);
  expect(
    problem(
      storableValue(
        { type: 'LIST', nestedType: { type: 'DOUBLE' } },
        { listValue: [{ doubleValue: true as unknown as number }] },
        'v',
      ),
    ),
  ).toMatch(/v.listValue\[0\].doubleValue/);
  expect(problem(storableValue({ type: 'STRING' }, { expression: '${Parameters.a}' }, 'v'))).toMatch(/expression/);
  expect(problem(storableValue({ type: 'STRING' }, { stringValue: 'x'.repeat(2049) }, 'v'))).toMatch(
    /longer than 2048/,
  );
});

test('numbers are stored exactly as JSON writes them, whatever their magnitude or sign', () => {
  for (const n of [0, -0, 0.1 + 0.2, 1e21, -1e-7, 5e-324, 1.7976931348623157e308, 123456789.125, -42]) {
    expect(storableValue({ type: 'DOUBLE' }, { doubleValue: n }, 'v')).toBe(`{"doubleValue":${JSON.stringify(n)}}`);
  }
  expect(storableValue({ type: 'LONG' }, { longValue: 9007199254740991 }, 'v')).toBe('{"longValue":9007199254740991}');
  expect(storableValue({ type: 'STRING' }, { stringValue: 'é\n"\\' }, 'v')).toBe(
    `{"stringValue":${JSON.stringify('é\n"\\')}}`,
  );
});
