import type { Db } from '../../db/database.js';

export async function listGroupRows(db: Db) {
  return db
    .selectFrom('check_groups')
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
