import fs from 'node:fs';
import path from 'node:path';
import { entityNotFound, ErrorTypes, errorCatalogue, TwinMakerError, validation, workspaceNotFound } from './errors';

const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

test('a catalogue constructor gives its error the TwinMaker type, status and its stable code', () => {
  const e = entityNotFound('ws', 'Oven_1');
  expect(e).toBeInstanceOf(TwinMakerError);
  expect([e.type, e.statusCode, e.code, e.message]).toEqual([
    'ResourceNotFoundException',
    404,
    'DOPPEL_ERR_ENTITY_NOT_FOUND',
    'Entity Oven_1 not found in workspace ws',
  ]);
  expect(entityNotFound.code).toBe('DOPPEL_ERR_ENTITY_NOT_FOUND');
});

test('an error raised without a constructor of its own carries its type’s generic code', () => {
  expect(validation('x').code).toBe('DOPPEL_ERR_VALIDATION');
  expect(new TwinMakerError('ResourceNotFoundException', 'x').code).toBe('DOPPEL_ERR_NOT_FOUND');
  expect(workspaceNotFound('a').code).not.toBe(validation('x').code);
});

test('every code is unique, well formed and of a known TwinMaker type', () => {
  const codes = errorCatalogue().map((e) => e.code);
  expect(new Set(codes).size).toBe(codes.length);
  for (const entry of errorCatalogue()) {
    expect(entry.code).toMatch(/^DOPPEL_ERR_[A-Z0-9_]+$/);
    expect(Object.keys(ErrorTypes)).toContain(entry.type);
    expect(entry.meaning).not.toBe('');
  }
});

test.each(errorCatalogue().map((e) => [e.code, e.type]))('the README lists %s (%s)', (code, type) => {
  // the table row (prose elsewhere may name the code too)
  // (a formatter may pad the columns)
  const row = readme.split('\n').find((line) => new RegExp(`^\\|\\s*\`${code}\`\\s*\\|`).test(line));
  expect(row).toBeDefined();
  expect(row).toContain(type);
});
