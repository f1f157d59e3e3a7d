import type { Db } from '../../db/database.js';
import { AppError, invalid, notFound } from '../../shared/errors.js';
import { channelIdsOfGroups, existingChannelIds, setGroupChannels } from '../channels/channels.repository.js';
import { listGroupRows, renameGroup, setGroupTicketFields } from './groups.repository.js';
import type { AnomalyOverrides } from '../jobs/jobs.anomalies.js';
import { patchedJobSettings, unpackJobSettings } from '../jobs/jobs.settings.js';
import { bumpChecksRevision } from '../checks/checks.repository.js';

export async function listGroups(db: Db) {
  const rows = await listGroupRows(db);
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

export async function getGroup(db: Db, id: number) {
  const group = (await listGroups(db)).find((g) => g.id === id);
  if (!group) throw notFound('group', id);
  return group;
}

/** A group's name, its ticket fields, and the channels every check in it inherits. */
export async function updateGroup(
  db: Db,
  id: number,
  patch: { name?: string; ticketFields?: Record<string, string>; notifications?: { channelIds: number[] }; anomalies?: AnomalyOverrides; rpoDays?: number | null },
) {
  const current = await getGroup(db, id);
  await db.transaction().execute(async (trx) => {
    if (patch.name !== undefined) {
      const clash = (await listGroupRows(trx)).find((g) => g.id !== id && g.name.toLowerCase() === patch.name!.toLowerCase());
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
  return getGroup(db, id);
}
