import type { Kysely } from 'kysely';
import { bytes, withId } from './portable.js';

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('check_groups'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('checks'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('group_id', 'integer', (c) => c.references('check_groups.id').onDelete('set null'))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('asset_id', 'text')
    .addColumn('alias', 'text', (c) => c.notNull().unique())
    .addColumn('paused', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('matching', 'text', (c) => c.notNull())
    .addColumn('status_rules', 'text', (c) => c.notNull())
    .addColumn('schedule', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('status_since', 'text')
    .addColumn('last_activity_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('checks_group_id').on('checks').column('group_id').execute();
  await db.schema.createIndex('checks_status').on('checks').column('status').execute();

  await db.schema
    .createTable('check_labels')
    .addColumn('check_id', 'integer', (c) => c.notNull().references('checks.id').onDelete('cascade'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('check_labels_pk', ['check_id', 'label'])
    .execute();
  await db.schema.createIndex('check_labels_label').on('check_labels').column('label').execute();

  await withId(db, db.schema.createTable('messages'))
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('mail_from', 'text', (c) => c.notNull())
    .addColumn('rcpt_to', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('from_text', 'text', (c) => c.notNull())
    .addColumn('to_text', 'text', (c) => c.notNull())
    .addColumn('date', 'text')
    .addColumn('message_id_header', 'text')
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('html_body', 'text')
    .addColumn('headers', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('matched', 'integer', (c) => c.notNull())
    .addColumn('problems', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('messages_received_at').on('messages').columns(['received_at', 'id']).execute();
  await db.schema.createIndex('messages_matched_received_at').on('messages').columns(['matched', 'received_at', 'id']).execute();

  await db.schema
    .createTable('message_raws')
    .addColumn('message_id', 'integer', (c) => c.primaryKey().references('messages.id').onDelete('cascade'))
    .addColumn('encoding', 'text', (c) => c.notNull())
    .addColumn('raw', bytes(db), (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('message_attachments'))
    .addColumn('message_id', 'integer', (c) => c.notNull().references('messages.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('filename', 'text')
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('text', 'text')
    .execute();
  await db.schema.createIndex('message_attachments_message_id').on('message_attachments').column('message_id').execute();

  await withId(db, db.schema.createTable('activities'))
    .addColumn('check_id', 'integer', (c) => c.notNull().references('checks.id').onDelete('cascade'))
    .addColumn('message_id', 'integer', (c) => c.references('messages.id').onDelete('set null'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('evaluation', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('activities_check_received_at').on('activities').columns(['check_id', 'received_at', 'id']).execute();
  await db.schema.createIndex('activities_received_at').on('activities').columns(['received_at', 'id']).execute();
  await db.schema.createIndex('activities_message_id').on('activities').column('message_id').execute();

  await withId(db, db.schema.createTable('api_keys'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();

  await db.schema
    .createTable('meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['meta', 'api_keys', 'activities', 'message_attachments', 'message_raws', 'messages', 'check_labels', 'checks', 'check_groups']) {
    await db.schema.dropTable(table).execute();
  }
}
