import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // The check groups a user may see, as a JSON array of group ids; null: every group.
  await db.schema.alterTable('users').addColumn('group_ids', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('group_ids').execute();
}
