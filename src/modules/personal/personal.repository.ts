import type { Db } from '../../db/database.js';

export async function findPersonalRow(db: Db, userId: number) {
  return db.selectFrom('user_notifications').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export async function savePersonalRow(db: Db, userId: number, row: { settings: string; secrets: string | null; now: string }): Promise<void> {
  await db
    .insertInto('user_notifications')
    .values({ user_id: userId, settings: row.settings, secrets: row.secrets, updated_at: row.now })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ settings: row.settings, secrets: row.secrets, updated_at: row.now }))
    .execute();
}

/** A code sent to a new phone number (null clears it: confirmed, or given up). */
export async function setPhoneCode(db: Db, userId: number, code: { phone: string; hash: string; expiresAt: string } | null): Promise<void> {
  await db
    .updateTable('user_notifications')
    .set({ phone_pending: code?.phone ?? null, phone_code_hash: code?.hash ?? null, phone_code_expires_at: code?.expiresAt ?? null, phone_code_tries: 0 })
    .where('user_id', '=', userId)
    .execute();
}

export async function countPhoneTry(db: Db, userId: number): Promise<void> {
  await db.updateTable('user_notifications').set((eb) => ({ phone_code_tries: eb('phone_code_tries', '+', 1) })).where('user_id', '=', userId).execute();
}

/** Everyone who may be told, with their choices (none stored yet: the defaults). */
export async function personalCandidates(db: Db) {
  return db
    .selectFrom('users')
    .leftJoin('user_notifications', 'user_notifications.user_id', 'users.id')
    .select(['users.id', 'users.username', 'users.role', 'users.group_ids', 'user_notifications.settings', 'user_notifications.secrets'])
    .orderBy('users.id')
    .execute();
}

export async function checkGroupOf(db: Db, checkId: number): Promise<number | null> {
  const row = await db.selectFrom('checks').select('group_id').where('id', '=', checkId).executeTakeFirst();
  return row?.group_id ?? null;
}

export async function subscriptionsOf(db: Db, userIds: number[]) {
  if (!userIds.length) return [];
  return db.selectFrom('push_subscriptions').selectAll().where('user_id', 'in', userIds).orderBy('id').execute();
}

export async function findSubscription(db: Db, id: number) {
  return db.selectFrom('push_subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A browser's subscription belongs to whoever subscribed last in it (a shared computer). */
export async function upsertSubscription(db: Db, s: { userId: number; endpoint: string; p256dh: string; auth: string; userAgent: string; now: string }): Promise<number> {
  const values = { user_id: s.userId, endpoint: s.endpoint, p256dh: s.p256dh, auth: s.auth, user_agent: s.userAgent };
  const { id } = await db
    .insertInto('push_subscriptions')
    .values({ ...values, created_at: s.now })
    .onConflict((oc) => oc.column('endpoint').doUpdateSet(values))
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function deleteSubscription(db: Db, id: number, userId?: number): Promise<boolean> {
  let query = db.deleteFrom('push_subscriptions').where('id', '=', id);
  if (userId !== undefined) query = query.where('user_id', '=', userId);
  return (await query.executeTakeFirst()).numDeletedRows > 0n;
}

export async function subscriptionWorked(db: Db, id: number, now: string): Promise<void> {
  await db.updateTable('push_subscriptions').set({ last_success_at: now }).where('id', '=', id).execute();
}
