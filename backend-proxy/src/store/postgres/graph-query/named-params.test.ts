import { bindNamed } from './named-params';

test('named placeholders become numbered ones cast to their value type, a repeated name bound once', () => {
  const { text, values } = bindNamed('SELECT @a, @b, @a, @c, @d', { a: 'x', b: 3, c: 2.5, d: null });
  expect(text).toBe('SELECT $1::text, $2::bigint, $1::text, $3::double precision, $4::text');
  expect(values).toEqual(['x', 3, 2.5, null]);
});

test('a placeholder without a value is refused', () => {
  expect(() => bindNamed('SELECT @missing', {})).toThrow(/@missing/);
});
