import { type Kysely, PostgresAdapter, sql } from 'kysely';
import { withId } from './portable.js';

// Personal notifications: each user's media and quiet hours, the browsers they enabled push in,
// and deliveries to a user's medium beside deliveries to a channel (channel_id becomes optional).

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

const DELIVERY_COLUMNS = [
  'id',
  'event_id',
  'channel_id',
  'state',
  'idempotency_key',
  'attempts',
  'next_attempt_at',
  'lease_until',
  'give_up_at',
  'last_error',
  'delivered_at',
  'created_at',
  'updated_at',
  'ticket_id',
];

/**
 * SQLite cannot drop NOT NULL in place: the table is made again and its rows copied. Its attempts
 * table is made again with it (dropping the old deliveries would otherwise delete their attempts
 * through the foreign key); the renames carry the references over.
 */
async function rebuildDeliveries(db: Kysely<any>, personal: boolean) {
  let table = withId(db, db.schema.createTable('deliveries_next'))
    .addColumn('event_id', 'integer', (c) => c.notNull().references('alert_events.id').onDelete('cascade'))
    .addColumn('channel_id', 'integer', (c) => (personal ? c : c.notNull()).references('channels.id').onDelete('cascade'))
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
    .addColumn('ticket_id', 'integer', (c) => c.references('tickets.id').onDelete('set null'));
  if (personal) {
    table = table
      .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('cascade'))
      .addColumn('medium', 'text')
      .addColumn('subscription_id', 'integer', (c) => c.references('push_subscriptions.id').onDelete('set null'));
  }
  await table.execute();
  const columns = sql.join(DELIVERY_COLUMNS.map((c) => sql.ref(c)));
  await sql`insert into deliveries_next (${columns}) select ${columns} from deliveries${personal ? sql`` : sql` where channel_id is not null`}`.execute(db);

  await withId(db, db.schema.createTable('delivery_attempts_next'))
    .addColumn('delivery_id', 'integer', (c) => c.notNull().references('deliveries_next.id').onDelete('cascade'))
    .addColumn('attempted_at', 'text', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('ok', 'integer', (c) => c.notNull())
    .addColumn('http_status', 'integer')
    .addColumn('error', 'text')
    .addColumn('response', 'text')
    .execute();
  await sql`insert into delivery_attempts_next (id, delivery_id, attempted_at, duration_ms, ok, http_status, error, response)
    select id, delivery_id, attempted_at, duration_ms, ok, http_status, error, response from delivery_attempts
    where delivery_id in (select id from deliveries_next)`.execute(db);

  await db.schema.dropTable('delivery_attempts').execute();
  await db.schema.dropTable('deliveries').execute();
  await db.schema.alterTable('deliveries_next').renameTo('deliveries').execute();
  await db.schema.alterTable('delivery_attempts_next').renameTo('delivery_attempts').execute();
  await db.schema.createIndex('deliveries_state_next').on('deliveries').columns(['state', 'next_attempt_at']).execute();
  await db.schema.createIndex('deliveries_event_id').on('deliveries').column('event_id').execute();
  await db.schema.createIndex('deliveries_channel_id').on('deliveries').column('channel_id').execute();
  await db.schema.createIndex('delivery_attempts_delivery_id').on('delivery_attempts').column('delivery_id').execute();
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('user_notifications')
    .addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    /** `{statuses, email, sms, push, pushbullet, pushover, quietHours}` without the secrets. */
    .addColumn('settings', 'text', (c) => c.notNull())
    /** The Pushbullet token and the Pushover user key, sealed. */
    .addColumn('secrets', 'text')
    /** The phone number a code was sent to, the code's hash, until when it holds, and the wrong tries. */
    .addColumn('phone_pending', 'text')
    .addColumn('phone_code_hash', 'text')
    .addColumn('phone_code_expires_at', 'text')
    .addColumn('phone_code_tries', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('push_subscriptions'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('endpoint', 'text', (c) => c.notNull().unique())
    .addColumn('p256dh', 'text', (c) => c.notNull())
    .addColumn('auth', 'text', (c) => c.notNull())
    .addColumn('user_agent', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_success_at', 'text')
    .execute();
  await db.schema.createIndex('push_subscriptions_user_id').on('push_subscriptions').column('user_id').execute();

  if (isPostgres(db)) {
    await db.schema.alterTable('deliveries').alterColumn('channel_id', (c) => c.dropNotNull()).execute();
    await db.schema.alterTable('deliveries').addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('cascade')).execute();
    await db.schema.alterTable('deliveries').addColumn('medium', 'text').execute();
    await db.schema.alterTable('deliveries').addColumn('subscription_id', 'integer', (c) => c.references('push_subscriptions.id').onDelete('set null')).execute();
  } else {
    await rebuildDeliveries(db, true);
  }
  await db.schema.createIndex('deliveries_user_id').on('deliveries').column('user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('deliveries_user_id').execute();
  if (isPostgres(db)) {
    await db.deleteFrom('deliveries').where('channel_id', 'is', null).execute();
    for (const column of ['subscription_id', 'medium', 'user_id']) await db.schema.alterTable('deliveries').dropColumn(column).execute();
    await db.schema.alterTable('deliveries').alterColumn('channel_id', (c) => c.setNotNull()).execute();
  } else {
    await rebuildDeliveries(db, false);
  }
  await db.schema.dropTable('push_subscriptions').execute();
  await db.schema.dropTable('user_notifications').execute();
}
