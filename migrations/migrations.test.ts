import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { openSqlite } from '../src/db/database.js';
import { migrateDownAll, migrateToLatest } from '../src/db/migrator.js';
import { migrations } from './index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const tables = async (db: ReturnType<typeof openSqlite>) =>
  (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' order by name`.execute(db)).rows.map((r) => r.name);

it('every migration applies, rolls back and applies again on SQLite', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bw-migrate-'));
  dirs.push(dir);
  const db = openSqlite(dir);
  try {
    expect(await migrateToLatest(db)).toEqual(Object.keys(migrations));
    const created = await tables(db);
    expect(created).toContain('checks');
    expect(created).toContain('activities');
    expect(await migrateToLatest(db)).toEqual([]);

    expect(await migrateDownAll(db)).toEqual(Object.keys(migrations).reverse());
    expect(await tables(db)).toEqual([]);

    expect(await migrateToLatest(db)).toEqual(Object.keys(migrations));
    expect(await tables(db)).toEqual(created);
  } finally {
    await db.destroy();
  }
});
