import type { Kysely } from 'kysely';
import { withId } from './portable.js';

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('channels'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('secrets', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  for (const [table, owner, ref] of [
    ['check_channels', 'check_id', 'checks.id'],
    ['group_channels', 'group_id', 'check_groups.id'],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn(owner, 'integer', (c) => c.notNull().references(ref).onDelete('cascade'))
      .addColumn('channel_id', 'integer', (c) => c.notNull().references('channels.id').onDelete('cascade'))
      .addPrimaryKeyConstraint(`${table}_pk`, [owner, 'channel_id'])
      .execute();
    await db.schema.createIndex(`${table}_channel_id`).on(table).column('channel_id').execute();
  }

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  // Where the check stands in its current run of problems, for deciding whom to tell.
  await db.schema.alterTable('checks').addColumn('notifications', 'text', (c) => c.notNull().defaultTo('{}')).execute();
  await db.schema.alterTable('checks').addColumn('problem_streak', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('checks').addColumn('alerted_at', 'text').execute();
  await db.schema.alterTable('checks').addColumn('alerted_status', 'text').execute();
  await db.schema.alterTable('checks').addColumn('alert_held_until', 'text').execute();
  await db.schema.alterTable('checks').addColumn('alert_announced', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  await withId(db, db.schema.createTable('alert_events'))
    .addColumn('check_id', 'integer', (c) => c.references('checks.id').onDelete('cascade'))
    .addColumn('activity_id', 'integer', (c) => c.references('activities.id').onDelete('set null'))
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('previous_status', 'text', (c) => c.notNull())
    .addColumn('view', 'text', (c) => c.notNull())
    .addColumn('hold_until', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('alert_events_check_id').on('alert_events').columns(['check_id', 'created_at']).execute();

  await withId(db, db.schema.createTable('deliveries'))
    .addColumn('event_id', 'integer', (c) => c.notNull().references('alert_events.id').onDelete('cascade'))
    .addColumn('channel_id', 'integer', (c) => c.notNull().references('channels.id').onDelete('cascade'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('give_up_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('delivered_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('deliveries_state_next').on('deliveries').columns(['state', 'next_attempt_at']).execute();
  await db.schema.createIndex('deliveries_event_id').on('deliveries').column('event_id').execute();
  await db.schema.createIndex('deliveries_channel_id').on('deliveries').column('channel_id').execute();

  await withId(db, db.schema.createTable('delivery_attempts'))
    .addColumn('delivery_id', 'integer', (c) => c.notNull().references('deliveries.id').onDelete('cascade'))
    .addColumn('attempted_at', 'text', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('ok', 'integer', (c) => c.notNull())
    .addColumn('http_status', 'integer')
    .addColumn('error', 'text')
    .addColumn('response', 'text')
    .execute();
  await db.schema.createIndex('delivery_attempts_delivery_id').on('delivery_attempts').column('delivery_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['delivery_attempts', 'deliveries', 'alert_events']) await db.schema.dropTable(table).execute();
  for (const column of ['alert_announced', 'alert_held_until', 'alerted_status', 'alerted_at', 'problem_streak', 'notifications']) {
    await db.schema.alterTable('checks').dropColumn(column).execute();
  }
  for (const table of ['settings', 'group_channels', 'check_channels', 'channels']) await db.schema.dropTable(table).execute();
}
