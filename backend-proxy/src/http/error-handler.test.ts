import Database from '../store/sqlite/driver';
import Fastify from 'fastify';
import { errorHandler } from './error-handler';

/** A real SQLite foreign-key failure: a child row naming a parent that is not there. */
function foreignKeyFailure(): unknown {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  db.exec('CREATE TABLE parent (id TEXT PRIMARY KEY); CREATE TABLE child (parent TEXT NOT NULL REFERENCES parent(id))');
  try {
    db.prepare('INSERT INTO child VALUES (?)').run('gone');
  } catch (e) {
    return e;
  } finally {
    db.close();
  }
  throw new Error('the insert should have failed');
}

async function answerTo(error: unknown) {
  const app = Fastify({ logger: false });
  app.setErrorHandler(errorHandler);
  app.get('/', async () => {
    throw error;
  });
  // a real server (light-my-request, behind app.inject, does not load under this jest setup)
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const response = await fetch(url);
    return { statusCode: response.status, headers: response.headers, body: await response.text() };
  } finally {
    await app.close();
  }
}

test('a write that lost a race with a delete answers 409 ConflictException, not 500', async () => {
  const response = await answerTo(foreignKeyFailure());
  expect(response.statusCode).toBe(409);
  expect(response.headers.get('x-amzn-errortype')).toBe('ConflictException');
  expect(response.headers.get('x-doppel-error-code')).toBe('DOPPEL_ERR_CHANGED_MEANWHILE');
  expect(JSON.parse(response.body).message).toMatch(/deleted what this change refers to .* nothing was changed/);
});

test("the value writer's worker error (SQLite's message without its code) is recognised too", async () => {
  const response = await answerTo(new Error('value write failed: FOREIGN KEY constraint failed'));
  expect(response.statusCode).toBe(409);
});

test('PostgreSQL foreign-key violations (23503) answer the same', async () => {
  const response = await answerTo(
    Object.assign(new Error('insert violates foreign key constraint'), { code: '23503' }),
  );
  expect(response.statusCode).toBe(409);
});

test('any other unexpected error stays a 500 InternalServerException without its details', async () => {
  const response = await answerTo(new Error('disk on fire at /secret/path'));
  expect(response.statusCode).toBe(500);
  expect(response.headers.get('x-amzn-errortype')).toBe('InternalServerException');
  expect(response.body).not.toMatch(/secret/);
});
