import type { Db } from '../../db/database.js';
import { type Expression, type SqlBool, sql } from 'kysely';
import type { ChannelRowUpdate, NewChannelRow } from '../../db/schema.js';
import type { Scope } from '../../shared/scope.js';
import { checkWithin, groupWithin, scoped } from '../../db/scope.js';

/** A channel is in the groups of the checks and groups it is attached to. */
const inScope = (groups: readonly number[]): Expression<SqlBool> =>
  sql<SqlBool>`(channels.id in (select channel_id from check_channels where ${checkWithin(groups, 'check_channels.check_id')})
    or channels.id in (select channel_id from group_channels where ${groupWithin(groups, 'group_channels.group_id')}))`;

export async function insertChannel(db: Db, row: NewChannelRow): Promise<number> {
  const { id } = await db.insertInto('channels').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function updateChannelRow(db: Db, id: number, update: ChannelRowUpdate): Promise<void> {
  await db.updateTable('channels').set(update).where('id', '=', id).execute();
}

export async function deleteChannelRow(db: Db, id: number): Promise<boolean> {
  return (await db.deleteFrom('channels').where('id', '=', id).executeTakeFirst()).numDeletedRows > 0n;
}

export async function findChannel(db: Db, id: number, scope: Scope = null) {
  return scoped(db.selectFrom('channels'), scope, inScope).selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listChannelRows(db: Db, scope: Scope) {
  return scoped(db.selectFrom('channels'), scope, inScope).selectAll().orderBy('name').orderBy('id').execute();
}

export async function existingChannelIds(db: Db, ids: number[]): Promise<number[]> {
  if (!ids.length) return [];
  return (await db.selectFrom('channels').select('id').where('id', 'in', ids).execute()).map((r) => r.id);
}

export async function setCheckChannels(db: Db, checkId: number, channelIds: number[]): Promise<void> {
  await db.deleteFrom('check_channels').where('check_id', '=', checkId).execute();
  if (channelIds.length) await db.insertInto('check_channels').values(channelIds.map((channel_id) => ({ check_id: checkId, channel_id }))).execute();
}

export async function setGroupChannels(db: Db, groupId: number, channelIds: number[]): Promise<void> {
  await db.deleteFrom('group_channels').where('group_id', '=', groupId).execute();
  if (channelIds.length) await db.insertInto('group_channels').values(channelIds.map((channel_id) => ({ group_id: groupId, channel_id }))).execute();
}

export async function channelIdsOfChecks(db: Db, checkIds: number[]): Promise<Map<number, number[]>> {
  const map = new Map<number, number[]>(checkIds.map((id) => [id, []]));
  if (!checkIds.length) return map;
  const rows = await db.selectFrom('check_channels').select(['check_id', 'channel_id']).where('check_id', 'in', checkIds).orderBy('channel_id').execute();
  for (const r of rows) map.get(r.check_id)?.push(r.channel_id);
  return map;
}

export async function channelIdsOfGroups(db: Db, groupIds: number[]): Promise<Map<number, number[]>> {
  const map = new Map<number, number[]>(groupIds.map((id) => [id, []]));
  if (!groupIds.length) return map;
  const rows = await db.selectFrom('group_channels').select(['group_id', 'channel_id']).where('group_id', 'in', groupIds).orderBy('channel_id').execute();
  for (const r of rows) map.get(r.group_id)?.push(r.channel_id);
  return map;
}

export async function findGrant(db: Db, id: number) {
  return db.selectFrom('channels').select(['grant', 'grant_state', 'grant_error']).where('id', '=', id).executeTakeFirst();
}

/** Writes the grant only while it is still the version `stamp` (its sealed text, or null for none); false when it changed. */
export async function compareAndSetGrant(db: Db, id: number, stamp: string | null, set: Pick<ChannelRowUpdate, 'grant' | 'grant_state' | 'grant_error'>): Promise<boolean> {
  const result = await db
    .updateTable('channels')
    .set(set)
    .where('id', '=', id)
    .where((eb) => (stamp === null ? eb('grant', 'is', null) : eb('grant', '=', stamp)))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function clearGrant(db: Db, id: number): Promise<void> {
  await db.updateTable('channels').set({ grant: null, grant_state: null, grant_error: null }).where('id', '=', id).execute();
}
