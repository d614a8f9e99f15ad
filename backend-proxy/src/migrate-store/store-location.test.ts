import { describeLocation, parseStoreLocation } from './store-location';

test('sqlite:DIR names a data dir', () => {
  expect(parseStoreLocation('--from', 'sqlite:/var/lib/doppel')).toEqual({
    kind: 'sqlite',
    dataDir: '/var/lib/doppel',
  });
});

test('postgres:URL and a bare postgres URL name a database', () => {
  const url = 'postgres://doppel@db:5432/twins';
  expect(parseStoreLocation('--to', `postgres:${url}`)).toEqual({ kind: 'postgres', url });
  expect(parseStoreLocation('--to', url)).toEqual({ kind: 'postgres', url });
});

test('anything else says which forms are accepted', () => {
  expect(() => parseStoreLocation('--to', 'mysql://x')).toThrow(/--to mysql:\/\/x: give sqlite:DIR .* or postgres:URL/);
  expect(() => parseStoreLocation('--from', 'sqlite:')).toThrow(/--from sqlite:/);
});

test('a described location hides the password', () => {
  expect(describeLocation({ kind: 'postgres', url: 'postgres://u:secret@h/db' })).toBe('postgres:postgres://u:…@h/db');
});
