import type { Db } from '../../db/database.js';
import { AppError, invalid, notFound } from '../../shared/errors.js';
import { channelIdsOfGroups, existingChannelIds, setGroupChannels } from '../channels/channels.repository.js';
import { deleteGroupRow, listGroupRows, renameGroup, setGroupTicketFields } from './groups.repository.js';
import type { AnomalyOverrides } from '../jobs/jobs.anomalies.js';
import { patchedJobSettings, unpackJobSettings } from '../jobs/jobs.settings.js';
import { bumpChecksRevision } from '../checks/checks.repository.js';
import { forgetGroup } from '../accounts/accounts.users.js';
import type { Scope } from '../../shared/scope.js';

export async function listGroups(db: Db, scope: Scope) {
  const rows = await listGroupRows(db, scope);
  const channels = await channelIdsOfGroups(db, rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    checkCount: Number(r.check_count),
    createdAt: r.created_at,
    ticketFields: JSON.parse(r.ticket_fields) as Record<string, string>,
    notifications: { channelIds: channels.get(r.id) ?? [] },
    ...unpackJobSettings(r.job_settings),
  }));
}

export async function getGroup(db: Db, id: number, scope: Scope) {
  const group = (await listGroups(db, scope)).find((g) => g.id === id);
  if (!group) throw notFound('group', id);
  return group;
}

/** A group's name, its ticket fields, and the channels every check in it inherits. */
export async function updateGroup(
  db: Db,
  id: number,
  patch: { name?: string; ticketFields?: Record<string, string>; notifications?: { channelIds: number[] }; anomalies?: AnomalyOverrides; rpoDays?: number | null },
) {
  const current = await getGroup(db, id, null);
  await db.transaction().execute(async (trx) => {
    if (patch.name !== undefined) {
      const clash = (await listGroupRows(trx, null)).find((g) => g.id !== id && g.name.toLowerCase() === patch.name!.toLowerCase());
      if (clash) throw new AppError('group.name_taken', `name: another group is called ${clash.name}`, 409);
      await renameGroup(trx, id, patch.name);
    }
    if (patch.ticketFields) await setGroupTicketFields(trx, id, patch.ticketFields);
    const jobSettings = patchedJobSettings(current, patch);
    if (jobSettings !== undefined) {
      await trx.updateTable('check_groups').set({ job_settings: jobSettings }).where('id', '=', id).execute();
      // Ingestion keeps each check's job settings with its compiled rules.
      await bumpChecksRevision(trx);
    }
    if (patch.notifications) {
      const ids = [...new Set(patch.notifications.channelIds)];
      const known = new Set(await existingChannelIds(trx, ids));
      const missing = ids.find((c) => !known.has(c));
      if (missing !== undefined) throw invalid(`notifications.channelIds[${patch.notifications.channelIds.indexOf(missing)}]`, `no channel ${missing}`);
      await setGroupChannels(trx, id, ids);
    }
  });
  return getGroup(db, id, null);
}

/**
 * Deletes a group: its checks stay, ungrouped. Users limited to it lose it from
 * their list in the same transaction (a list left empty stays empty: a deletion
 * never lets anyone see more).
 */
export async function deleteGroup(db: Db, id: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (!(await deleteGroupRow(trx, id))) throw notFound('group', id);
    await forgetGroup(trx, id);
    await bumpChecksRevision(trx);
  });
}
