import type { Kysely } from 'kysely';

/**
 * A channel that signs in to its vendor as a person (OAuth device code) keeps that
 * person's grant: refresh and access tokens, the account's name and a sign-in in
 * progress, sealed like the channel's secrets. Its state says whether deliveries
 * can use it, and why not when the vendor revoked it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('channels').addColumn('grant', 'text').execute();
  // null (never connected), 'connected' or 'reconnect-needed'.
  await db.schema.alterTable('channels').addColumn('grant_state', 'text').execute();
  await db.schema.alterTable('channels').addColumn('grant_error', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('channels').dropColumn('grant_error').execute();
  await db.schema.alterTable('channels').dropColumn('grant_state').execute();
  await db.schema.alterTable('channels').dropColumn('grant').execute();
}
