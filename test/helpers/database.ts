import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Db } from '../../src/db/database.js';
import type { Engine } from '../../src/db/dialect.js';
import { type DatabaseConfig, openDatabase } from '../../src/db/engine.js';
import { migrateToLatest } from '../../src/db/migrator.js';

/** The engine this test run uses: the vitest project "postgres" sets it (see vitest.config.ts). */
export const TEST_ENGINE: Engine = process.env.BACKWATCH_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

/** The server the PostgreSQL suite makes its databases on (trust auth on these machines and in CI). */
export const TEST_PG_URL = process.env.BACKWATCH_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Every node of one installation shares this key on PostgreSQL; a test's own env may set another. */
export const TEST_SECRET_KEY = crypto.createHash('sha256').update('backwatch tests').digest('base64');

// Databases of this run start with this prefix, so that the global teardown can drop any a test left behind.
export const TEST_DB_PREFIX = `bw_t_${process.env.BACKWATCH_TEST_RUN ?? 'run'}_`;
const MARKER = '.test-database-url';

async function onServer<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (e) {
    throw new Error(
      `PostgreSQL at ${TEST_PG_URL} cannot be reached (${(e as Error).message}): the PostgreSQL part of the suite needs it. ` +
        'Start it, point BACKWATCH_TEST_PG_URL at one, or set BACKWATCH_TEST_PG=skip to run the SQLite part alone.',
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export const databaseUrl = (name: string) => {
  const u = new URL(TEST_PG_URL);
  u.pathname = `/${name}`;
  return u.toString();
};

/** A new, empty PostgreSQL database of this run; returns its URL. */
export async function createPgDatabase(): Promise<{ name: string; url: string }> {
  const name = `${TEST_DB_PREFIX}${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  await onServer((c) => c.query(`CREATE DATABASE "${name}"`));
  return { name, url: databaseUrl(name) };
}

export async function dropPgDatabase(name: string): Promise<void> {
  await onServer((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** Drops every database whose name starts with `prefix` (the global teardown's sweep). */
export async function dropPgDatabases(prefix: string): Promise<void> {
  await onServer(async (c) => {
    const { rows } = await c.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [prefix]);
    for (const { datname } of rows) await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  });
}

export interface TestDatabase {
  engine: Engine;
  /** The variables that point the service and the CLI at it. */
  env: Record<string, string>;
  config: DatabaseConfig;
  /** Drops it (PostgreSQL); SQLite's file goes with the data dir. */
  drop(): Promise<void>;
}

/**
 * The database of a test installation whose data dir is `dataDir`, on the run's
 * engine. On PostgreSQL it is made on first use and remembered in the data dir,
 * so a service started again on the same data dir finds its data again.
 */
export async function testDatabase(dataDir: string): Promise<TestDatabase> {
  if (TEST_ENGINE === 'sqlite') return { engine: 'sqlite', env: {}, config: { kind: 'sqlite', dataDir }, drop: async () => {} };
  const marker = path.join(dataDir, MARKER);
  let url = fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8') : null;
  if (!url) {
    url = (await createPgDatabase()).url;
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(marker, url);
  }
  const name = new URL(url).pathname.slice(1);
  return {
    engine: 'postgres',
    env: { BACKWATCH_DATABASE_URL: url, BACKWATCH_SECRET_KEY: TEST_SECRET_KEY },
    config: { kind: 'postgres', url, pool: 5, tls: 'off' },
    drop: () => dropPgDatabase(name),
  };
}

/** A migrated database of the run's engine on this thread, for integration tests of repositories and use cases. */
export async function openTestDb(): Promise<{ db: Db; engine: Engine; close(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bw-db-'));
  const database = await testDatabase(dir);
  const db = openDatabase(database.config);
  await migrateToLatest(db);
  return {
    db,
    engine: database.engine,
    async close() {
      await db.destroy();
      await database.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
