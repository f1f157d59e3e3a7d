import type { Kysely } from 'kysely';

/** What a check waits for: the report due at due_at, overdue once deadline_at passes (null: nothing awaited). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('checks').addColumn('due_at', 'text').execute();
  await db.schema.alterTable('checks').addColumn('deadline_at', 'text').execute();
  await db.schema.createIndex('checks_deadline_at').on('checks').column('deadline_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('checks_deadline_at').execute();
  await db.schema.alterTable('checks').dropColumn('deadline_at').execute();
  await db.schema.alterTable('checks').dropColumn('due_at').execute();
}
