import { compileFilter, ValueFilter } from './filters';

const double = { type: 'DOUBLE' as const };

test('filters compare numbers and strings with the six operators', () => {
  const f = (operator: string, value: number) =>
    compileFilter({ propertyName: 't', operator, value: { doubleValue: value } }, double, 'f') as ValueFilter;
  const v = { doubleValue: 5 };
  expect([f('=', 5), f('!=', 5), f('<', 6), f('<=', 5), f('>', 4), f('>=', 5)].map((x) => x.test(v))).toEqual([
    true,
    false,
    true,
    true,
    true,
    true,
  ]);
  expect([f('=', 4), f('!=', 4), f('<', 5), f('<=', 4), f('>', 5), f('>=', 6)].map((x) => x.test(v))).toEqual([
    false,
    true,
    false,
    false,
    false,
    false,
  ]);
  const s = compileFilter(
    { propertyName: 's', operator: '>=', value: { stringValue: 'b' } },
    { type: 'STRING' },
    'f',
  ) as ValueFilter;
  expect([s.test({ stringValue: 'a' }), s.test({ stringValue: 'b' }), s.test({ stringValue: 'c' })]).toEqual([
    false,
    true,
    true,
  ]);
});

test('bad filters explain themselves', () => {
  expect(compileFilter({ propertyName: 't', operator: 'LIKE', value: { doubleValue: 1 } }, double, 'f')).toMatch(
    /not supported/,
  );
  expect(compileFilter({ operator: '=', value: { doubleValue: 1 } }, double, 'f')).toMatch(/propertyName is required/);
  expect(compileFilter({ propertyName: 't', operator: '=' }, double, 'f')).toMatch(/value is required/);
  expect(compileFilter({ propertyName: 't', operator: '=', value: { doubleValue: 1 } }, undefined, 'f')).toMatch(
    /selectedProperties/,
  );
  expect(
    compileFilter({ propertyName: 't', operator: '<', value: { booleanValue: true } }, { type: 'BOOLEAN' }, 'f'),
  ).toMatch(/number or string/);
  expect(compileFilter({ propertyName: 't', operator: '=', value: { stringValue: 'x' } }, double, 'f')).toMatch(
    /DOUBLE/,
  );
});
