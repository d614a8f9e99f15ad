import Database from '../src/store/sqlite/driver';
import crypto from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { ServiceConfig } from '../src/config';

/**
 * Which store the integration suites run against: SQLite (default) or, with
 * DOPPEL_TEST_STORE=postgres and DOPPEL_PG_URL (scripts/test-pg.mjs sets both, on a database of
 * its own), PostgreSQL. Each data dir gets a schema of its own in that database, so every test
 * service starts empty as it does on SQLite, and a restart over the same data dir finds its data.
 */
export function testStoreKind(): 'sqlite' | 'postgres' {
  return process.env.DOPPEL_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';
}

export async function testStoreConfig(dataDir: string): Promise<Partial<ServiceConfig>> {
  if (testStoreKind() === 'sqlite') return { store: 'sqlite' };
  const base = process.env.DOPPEL_PG_URL;
  if (!base) throw new Error('DOPPEL_TEST_STORE=postgres needs DOPPEL_PG_URL (run the suites through npm run test:pg)');
  const schema = `t_${crypto.createHash('sha256').update(dataDir).digest('hex').slice(0, 20)}`;
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } finally {
    await client.end();
  }
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { store: 'postgres', pgUrl: url.toString() };
}

/**
 * Runs one SQL statement on the store of a stopped test service (to set up a database as an
 * older service version left it): its SQLite file, or its PostgreSQL schema.
 */
export async function execInStore(dataDir: string, sql: string): Promise<void> {
  const config = await testStoreConfig(dataDir);
  if (config.store === 'postgres') {
    const client = new pg.Client({ connectionString: config.pgUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
    return;
  }
  const db = new Database(path.join(dataDir, 'doppel.db'));
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}
