import { type Kysely, Migrator, sql } from 'kysely';
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

it('deliveries and their attempts keep their rows when deliveries may go to users (0010)', async () => {
  const database = await openTestDb();
  opened.push(database);
  const { db } = database;
  await migrateDownAll(db);
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  expect((await migrator.migrateTo('0009_jobs')).error).toBeUndefined();
  const at = '2026-12-07T10:00:00.000Z';
  const { id: channelId } = await db.insertInto('channels').values({ type: 'webhook', name: 'Hook', config: '{}', created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow();
  const event = { event: 'alert', status: 'failure', previous_status: 'success', view: '{}', state: 'open', created_at: at };
  const { id: eventId } = await db.insertInto('alert_events').values(event).returning('id').executeTakeFirstOrThrow();
  const delivery = { event_id: eventId, channel_id: channelId, state: 'delivered', idempotency_key: 'k1', attempts: 1, give_up_at: at, created_at: at, updated_at: at };
  const { id: deliveryId } = await db.insertInto('deliveries').values(delivery).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('delivery_attempts').values({ delivery_id: deliveryId, attempted_at: at, duration_ms: 12, ok: 1 }).execute();

  await migrateToLatest(db);
  expect(await db.selectFrom('deliveries').select(['id', 'channel_id', 'user_id', 'medium', 'idempotency_key']).execute()).toEqual([
    { id: deliveryId, channel_id: channelId, user_id: null, medium: null, idempotency_key: 'k1' },
  ]);
  expect(await db.selectFrom('delivery_attempts').select(['delivery_id', 'duration_ms']).execute()).toEqual([{ delivery_id: deliveryId, duration_ms: 12 }]);
  // Ids keep counting up from where they were.
  const next = await db.insertInto('deliveries').values({ ...delivery, idempotency_key: 'k2' }).returning('id').executeTakeFirstOrThrow();
  expect(Number(next.id)).toBeGreaterThan(Number(deliveryId));
  // The attempts still belong to their delivery: deleting it deletes them.
  await db.deleteFrom('deliveries').where('id', '=', deliveryId).execute();
  expect(await db.selectFrom('delivery_attempts').selectAll().execute()).toEqual([]);
});
