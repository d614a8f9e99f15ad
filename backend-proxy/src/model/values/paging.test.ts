import { nextTokenInvalid } from '../../errors';
import { compareKeys, componentCursor, historyCursor } from './paging';

test.each([
  ['equal keys', ['a', 'b', 'c'], ['a', 'b', 'c'], 0],
  ['the first member decides', ['a', 'z'], ['b', 'a'], -1],
  ['a later member decides on a tie', ['a', 'b', 'd'], ['a', 'b', 'c'], 1],
  ['by code unit, not locale: upper case first', ['Z'], ['a'], -1],
  ['a prefix comes first', ['a', 'b'], ['a', 'b', 'c'], -1],
])('compareKeys: %s', (_, a, b, sign) => {
  expect(Math.sign(compareKeys(a, b))).toBe(sign);
});

test('a history cursor passes through unchanged; no token, no cursor', () => {
  const cursor = { k: ['e', 'c', 'p'], t: [1704067200000, 5] };
  expect(historyCursor(cursor)).toBe(cursor);
  expect(historyCursor(undefined)).toBeUndefined();
});

test.each([
  ['a component cursor', ['e', 'c']],
  ['a key of two members', { k: ['e', 'c'], t: [0, 0] }],
  ['a time that is not whole', { k: ['e', 'c', 'p'], t: [0.5, 0] }],
  ['no time', { k: ['e', 'c', 'p'] }],
  ['null', null],
])('a history token holding %s is not valid', (_, position) => {
  expect(() => historyCursor(position)).toThrow(expect.objectContaining({ code: nextTokenInvalid.code }));
});

test('a component cursor is two strings; a history cursor is not one', () => {
  expect(componentCursor(['e', 'c'])).toEqual(['e', 'c']);
  expect(() => componentCursor({ k: ['e', 'c', 'p'], t: [0, 0] })).toThrow(
    expect.objectContaining({ code: nextTokenInvalid.code }),
  );
});
