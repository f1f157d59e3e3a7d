import { type Kysely, sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { engineOf } from '../src/db/dialect.js';
import { migrateDownAll, migrateToLatest } from '../src/db/migrator.js';
import { openTestDb } from '../test/helpers/database.js';
import { migrations } from './index.js';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const d of opened.splice(0)) await d.close();
});

const tables = async (db: Kysely<any>) =>
  engineOf(db) === 'postgres'
    ? (await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = current_schema() and tablename not like 'kysely_%' order by tablename`.execute(db)).rows.map((r) => r.name)
    : (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' order by name`.execute(db)).rows.map((r) => r.name);

it('every migration applies, rolls back and applies again', async () => {
  const database = await openTestDb();
  opened.push(database);
  const { db } = database;
  // openTestDb migrates; start from nothing.
  await migrateDownAll(db);
  expect(await migrateToLatest(db)).toEqual(Object.keys(migrations));
  const created = await tables(db);
  expect(created).toContain('checks');
  expect(created).toContain('activities');
  expect(await migrateToLatest(db)).toEqual([]);

  expect(await migrateDownAll(db)).toEqual(Object.keys(migrations).reverse());
  expect(await tables(db)).toEqual([]);

  expect(await migrateToLatest(db)).toEqual(Object.keys(migrations));
  expect(await tables(db)).toEqual(created);
});
