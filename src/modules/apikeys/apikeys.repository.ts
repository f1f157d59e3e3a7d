import type { Db } from '../../db/database.js';

export async function insertApiKey(db: Db, k: { name: string; prefix: string; hash: string; now: string }): Promise<number> {
  const { id } = await db
    .insertInto('api_keys')
    .values({ name: k.name, prefix: k.prefix, key_hash: k.hash, created_at: k.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function findActiveKeyByHash(db: Db, hash: string) {
  return db.selectFrom('api_keys').select(['id', 'name', 'last_used_at']).where('key_hash', '=', hash).where('revoked_at', 'is', null).executeTakeFirst();
}

export async function touchApiKey(db: Db, id: number, now: string): Promise<void> {
  await db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', id).execute();
}

const LISTED = ['id', 'name', 'prefix', 'created_at', 'last_used_at', 'revoked_at'] as const;

export async function listApiKeys(db: Db) {
  return db.selectFrom('api_keys').select(LISTED).orderBy('id').execute();
}

export async function findApiKey(db: Db, id: number) {
  return db.selectFrom('api_keys').select(LISTED).where('id', '=', id).executeTakeFirstOrThrow();
}

export async function revokeApiKey(db: Db, id: number, now: string): Promise<boolean> {
  const r = await db.updateTable('api_keys').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return r.numUpdatedRows > 0n;
}
