import type { Db } from '../../db/database.js';
import { AppError, invalid, notFound } from '../../shared/errors.js';
import { channelIdsOfGroups, existingChannelIds, setGroupChannels } from '../channels/channels.repository.js';
import { listGroupRows, renameGroup, setGroupTicketFields } from './groups.repository.js';
import type { AnomalyOverrides } from '../jobs/jobs.anomalies.js';
import type { JobSettingsOverrides } from '../jobs/jobs.settings.js';
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
    ...groupJobSettings(r.job_settings),
  }));
}

function groupJobSettings(stored: string): { anomalies: AnomalyOverrides; rpoDays: number | null } {
  const { rpoDays, ...anomalies } = JSON.parse(stored) as JobSettingsOverrides;
  return { anomalies, rpoDays: rpoDays ?? null };
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
    if (patch.anomalies || patch.rpoDays !== undefined) {
      const rpoDays = patch.rpoDays === undefined ? current.rpoDays : patch.rpoDays;
      const stored: JobSettingsOverrides = { ...(patch.anomalies ?? current.anomalies), ...(rpoDays === null ? {} : { rpoDays }) };
      await trx.updateTable('check_groups').set({ job_settings: JSON.stringify(stored) }).where('id', '=', id).execute();
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
