import type { Db } from '../../db/database.js';
import { lockingRows } from '../../db/dialect.js';
import { groupWithin, scoped } from '../../db/scope.js';
import type { Scope } from '../../shared/scope.js';

export async function listGroupRows(db: Db, scope: Scope) {
  return scoped(db.selectFrom('check_groups'), scope, (groups) => groupWithin(groups, 'check_groups.id'))
    .leftJoin('checks', 'checks.group_id', 'check_groups.id')
    .select((eb) => ['check_groups.id', 'check_groups.name', 'check_groups.created_at', 'check_groups.ticket_fields', 'check_groups.job_settings', eb.fn.count<number>('checks.id').as('check_count')])
    .groupBy(['check_groups.id', 'check_groups.name', 'check_groups.created_at', 'check_groups.ticket_fields', 'check_groups.job_settings'])
    .orderBy('check_groups.name_key')
    .execute();
}

export async function renameGroup(db: Db, id: number, name: string): Promise<void> {
  await db.updateTable('check_groups').set({ name, name_key: name.toLowerCase() }).where('id', '=', id).execute();
}

export async function setGroupTicketFields(db: Db, id: number, fields: Record<string, string>): Promise<void> {
  await db.updateTable('check_groups').set({ ticket_fields: JSON.stringify(fields) }).where('id', '=', id).execute();
}

/** Which of these groups exist, locked until the transaction ends (so none is deleted before a reference to it commits). */
export async function lockGroups(db: Db, ids: readonly number[]): Promise<number[]> {
  if (!ids.length) return [];
  return (await lockingRows(db, db.selectFrom('check_groups').select('id').where('id', 'in', [...ids])).execute()).map((r) => r.id);
}

/** Deletes a group; its checks stay, without a group, and its channels are no longer inherited. */
export async function deleteGroupRow(db: Db, id: number): Promise<boolean> {
  await db.updateTable('checks').set({ group_id: null }).where('group_id', '=', id).execute();
  await db.deleteFrom('group_channels').where('group_id', '=', id).execute();
  return (await db.deleteFrom('check_groups').where('id', '=', id).executeTakeFirst()).numDeletedRows > 0n;
}
