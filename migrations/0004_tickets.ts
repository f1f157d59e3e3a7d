import type { Kysely } from 'kysely';
import { withId } from './portable.js';

export async function up(db: Kysely<any>): Promise<void> {
  // One row per ticket backwatch opened: the check's incident in one ticketing system.
  await withId(db, db.schema.createTable('tickets'))
    .addColumn('check_id', 'integer', (c) => c.notNull().references('checks.id').onDelete('cascade'))
    .addColumn('channel_id', 'integer', (c) => c.notNull().references('channels.id').onDelete('cascade'))
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('closed_by', 'text')
    .addColumn('notes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .execute();
  await db.schema.createIndex('tickets_check_channel_state').on('tickets').columns(['check_id', 'channel_id', 'state']).execute();

  // Per-customer ticket settings (company, board, queue, project…), a group's overridden by its checks'.
  await db.schema.alterTable('checks').addColumn('ticket_fields', 'text', (c) => c.notNull().defaultTo('{}')).execute();
  await db.schema.alterTable('check_groups').addColumn('ticket_fields', 'text', (c) => c.notNull().defaultTo('{}')).execute();
  await db.schema.alterTable('deliveries').addColumn('ticket_id', 'integer', (c) => c.references('tickets.id').onDelete('set null')).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('deliveries').dropColumn('ticket_id').execute();
  await db.schema.alterTable('check_groups').dropColumn('ticket_fields').execute();
  await db.schema.alterTable('checks').dropColumn('ticket_fields').execute();
  await db.schema.dropTable('tickets').execute();
}
