import type { Db } from '../../db/database.js';
import type { TicketTable } from '../../db/schema.js';
import type { AlertView } from '../alerts/alerts.models.js';
import type { TicketRef } from './tickets.types.js';
import type { Scope } from '../../shared/scope.js';
import { checkWithin, scoped } from '../../db/scope.js';

export async function findOpenTicket(db: Db, checkId: number, channelId: number) {
  return db.selectFrom('tickets').selectAll().where('check_id', '=', checkId).where('channel_id', '=', channelId).where('state', '=', 'open').orderBy('id', 'desc').executeTakeFirst();
}

export async function insertTicket(db: Db, t: { checkId: number; channelId: number; ref: TicketRef; now: string }): Promise<number> {
  const { id } = await db
    .insertInto('tickets')
    .values({ check_id: t.checkId, channel_id: t.channelId, external_id: t.ref.id, url: t.ref.url, state: 'open', opened_at: t.now, updated_at: t.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** The event whose delivery opened the ticket (the first delivery recorded with it). */
export async function openingView(db: Db, ticket: { id: number; check_id: number }): Promise<AlertView | null> {
  const row = await db
    .selectFrom('alert_events')
    .innerJoin('deliveries', 'deliveries.event_id', 'alert_events.id')
    .select('alert_events.view')
    .where('alert_events.check_id', '=', ticket.check_id)
    .where('deliveries.ticket_id', '=', ticket.id)
    .orderBy('deliveries.id')
    .limit(1)
    .executeTakeFirst();
  return row ? (JSON.parse(row.view) as AlertView) : null;
}

export async function noteAdded(db: Db, id: number, now: string): Promise<void> {
  await db.updateTable('tickets').set((eb) => ({ notes: eb('notes', '+', 1), updated_at: now })).where('id', '=', id).execute();
}

export async function closeTicketRecord(db: Db, id: number, closedBy: NonNullable<TicketTable['closed_by']>, now: string): Promise<void> {
  await db.updateTable('tickets').set({ state: 'closed', closed_by: closedBy, closed_at: now, updated_at: now }).where('id', '=', id).execute();
}

/** The per-customer ticket settings of a check: its group's, overridden by its own, with its asset id. */
export async function ticketFieldsFor(db: Db, checkId: number): Promise<Record<string, string>> {
  const row = await db
    .selectFrom('checks')
    .leftJoin('check_groups', 'check_groups.id', 'checks.group_id')
    .select(['checks.ticket_fields as own', 'check_groups.ticket_fields as inherited', 'checks.asset_id'])
    .where('checks.id', '=', checkId)
    .executeTakeFirstOrThrow();
  return { ...JSON.parse(row.inherited ?? '{}'), ...(row.asset_id ? { assetId: row.asset_id } : {}), ...JSON.parse(row.own) };
}

export interface TicketFilter {
  checkId?: number;
  channelId?: number;
  state?: 'open' | 'closed';
}

export async function listTickets(db: Db, f: TicketFilter, limit: number, beforeId: number | undefined, scope: Scope) {
  let query = scoped(db.selectFrom('tickets'), scope, (groups) => checkWithin(groups, 'tickets.check_id')).selectAll();
  if (f.checkId !== undefined) query = query.where('check_id', '=', f.checkId);
  if (f.channelId !== undefined) query = query.where('channel_id', '=', f.channelId);
  if (f.state) query = query.where('state', '=', f.state);
  if (beforeId !== undefined) query = query.where('id', '<', beforeId);
  return query.orderBy('id', 'desc').limit(limit).execute();
}
