import type { Db } from '../../db/database.js';
import { olderThanById } from '../../db/keyset.js';
import type { AlertView } from '../alerts/alerts.models.js';
import type { Scope } from '../../shared/scope.js';
import { checkWithin, scoped } from '../../db/scope.js';

export const DELIVERY_STATES = ['pending', 'sending', 'delivered', 'failed', 'cancelled'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** Deliveries to send now: due ones, and ones whose sender vanished (its lease ran out, e.g. a crash). */
const dueColumns = [
  'deliveries.id',
  'deliveries.channel_id',
  'deliveries.state',
  'deliveries.next_attempt_at',
  'deliveries.lease_until',
  'deliveries.user_id',
  'deliveries.medium',
  'deliveries.subscription_id',
  'alert_events.check_id',
] as const;

const withContext = (db: Db) => db.selectFrom('deliveries').innerJoin('alert_events', 'alert_events.id', 'deliveries.event_id');

/** Who a delivery goes to: a channel, or one user's medium (for push, one browser). */
export type Recipient = { channel_id: number | null; user_id: number | null; medium: string | null; subscription_id: number | null };

export async function findDueDeliveries(db: Db, now: string, limit: number) {
  const due = await withContext(db)
    .select(dueColumns)
    .where('deliveries.state', '=', 'pending')
    .where('deliveries.next_attempt_at', '<=', now)
    .orderBy('deliveries.next_attempt_at')
    .orderBy('deliveries.id')
    .limit(limit)
    .execute();
  const stranded = await withContext(db).select(dueColumns).where('deliveries.state', '=', 'sending').where('deliveries.lease_until', '<=', now).limit(limit).execute();
  return [...stranded, ...due];
}

/** An earlier delivery of the same check to the same recipient that is still to be sent (tickets go in order). */
export async function earlierUnsent(db: Db, d: Recipient & { id: number; check_id: number | null }) {
  let query = withContext(db).select(['deliveries.id', 'deliveries.state', 'deliveries.next_attempt_at', 'deliveries.lease_until']);
  query =
    d.channel_id !== null
      ? query.where('deliveries.channel_id', '=', d.channel_id)
      : query
          .where('deliveries.user_id', '=', d.user_id)
          .where('deliveries.medium', '=', d.medium)
          .where('deliveries.subscription_id', d.subscription_id === null ? 'is' : '=', d.subscription_id);
  return query
    .where('alert_events.check_id', '=', d.check_id)
    .where('deliveries.id', '<', d.id)
    .where('deliveries.state', 'in', ['pending', 'sending'])
    .orderBy('deliveries.id')
    .limit(1)
    .executeTakeFirst();
}

/** A delivery waiting its turn is not due before the one ahead of it. */
export async function postpone(db: Db, id: number, until: string, now: string): Promise<void> {
  await db.updateTable('deliveries').set({ next_attempt_at: until, updated_at: now }).where('id', '=', id).where('state', '=', 'pending').execute();
}

export async function setDeliveryTicket(db: Db, id: number, ticketId: number): Promise<void> {
  await db.updateTable('deliveries').set({ ticket_id: ticketId }).where('id', '=', id).execute();
}

/** When the worker has work next: the earliest pending attempt, or the earliest lease to run out (a node that died mid-send). */
export async function nextDeliveryAt(db: Db): Promise<string | null> {
  const pending = await db.selectFrom('deliveries').select('next_attempt_at as at').where('state', '=', 'pending').orderBy('next_attempt_at').limit(1).executeTakeFirst();
  const lease = await db.selectFrom('deliveries').select('lease_until as at').where('state', '=', 'sending').orderBy('lease_until').limit(1).executeTakeFirst();
  const times = [pending?.at, lease?.at].filter((t): t is string => Boolean(t));
  return times.length ? times.reduce((a, b) => (a < b ? a : b)) : null;
}

/** Takes a delivery for sending as a compare-and-set, so two workers cannot both send it. */
export async function claimDelivery(db: Db, d: { id: number; state: string; lease_until: string | null }, leaseUntil: string, now: string): Promise<boolean> {
  let query = db.updateTable('deliveries').set({ state: 'sending', lease_until: leaseUntil, updated_at: now }).where('id', '=', d.id).where('state', '=', d.state);
  if (d.state === 'sending') query = query.where('lease_until', '=', d.lease_until);
  return (await query.executeTakeFirst()).numUpdatedRows > 0n;
}

export async function loadDeliveryWork(db: Db, id: number) {
  const row = await db
    .selectFrom('deliveries')
    .innerJoin('alert_events', 'alert_events.id', 'deliveries.event_id')
    .select([
      'deliveries.id',
      'deliveries.event_id',
      'deliveries.channel_id',
      'deliveries.user_id',
      'deliveries.medium',
      'deliveries.subscription_id',
      'deliveries.idempotency_key',
      'deliveries.attempts',
      'deliveries.give_up_at',
      'alert_events.view',
      'alert_events.check_id',
    ])
    .where('deliveries.id', '=', id)
    .executeTakeFirstOrThrow();
  return { ...row, view: JSON.parse(row.view) as AlertView };
}

export interface Attempt {
  deliveryId: number;
  at: string;
  durationMs: number;
  ok: boolean;
  httpStatus?: number;
  error?: string;
  response?: string;
}

export async function recordAttempt(db: Db, a: Attempt): Promise<void> {
  await db
    .insertInto('delivery_attempts')
    .values({
      delivery_id: a.deliveryId,
      attempted_at: a.at,
      duration_ms: Math.round(a.durationMs),
      ok: a.ok ? 1 : 0,
      http_status: a.httpStatus ?? null,
      error: a.error ?? null,
      response: a.response ?? null,
    })
    .execute();
}

/** After an attempt: delivered, back to pending for another try, or given up. Only the holder of the lease may settle it. */
export async function settleDelivery(
  db: Db,
  id: number,
  outcome: { state: 'delivered' | 'pending' | 'failed' | 'cancelled'; nextAttemptAt?: string; error?: string },
  now: string,
): Promise<void> {
  await db
    .updateTable('deliveries')
    .set((eb) => ({
      state: outcome.state,
      attempts: eb('attempts', '+', 1),
      next_attempt_at: outcome.nextAttemptAt ?? null,
      lease_until: null,
      last_error: outcome.error ?? null,
      delivered_at: outcome.state === 'delivered' ? now : null,
      updated_at: now,
    }))
    .where('id', '=', id)
    .where('state', '=', 'sending')
    .execute();
}

export interface DeliveryFilter {
  state?: DeliveryState;
  checkId?: number;
  channelId?: number;
  /** Personal deliveries of this user only. */
  userId?: number;
  /** Leave out personal deliveries of other users than this one (a viewer sees only their own). */
  personalOf?: number;
}

const summaryColumns = [
  'deliveries.id',
  'deliveries.event_id',
  'deliveries.channel_id',
  'deliveries.user_id',
  'deliveries.medium',
  'deliveries.state',
  'deliveries.attempts',
  'deliveries.next_attempt_at',
  'deliveries.give_up_at',
  'deliveries.last_error',
  'deliveries.delivered_at',
  'deliveries.created_at',
  'deliveries.updated_at',
  'deliveries.idempotency_key',
  'alert_events.check_id',
  'alert_events.event',
  'alert_events.status',
  'alert_events.previous_status',
  'alert_events.activity_id',
  'deliveries.ticket_id',
] as const;

/** A delivery is in the group of its event's check; a channel test's (no check) is in none. */
const selectSummaries = (db: Db, scope: Scope) =>
  scoped(db.selectFrom('deliveries').innerJoin('alert_events', 'alert_events.id', 'deliveries.event_id'), scope, (groups) => checkWithin(groups, 'alert_events.check_id')).select(summaryColumns);

/** Newest first. */
export async function listDeliveries(db: Db, f: DeliveryFilter, limit: number, beforeId: number | undefined, scope: Scope) {
  let query = selectSummaries(db, scope);
  if (f.state) query = query.where('deliveries.state', '=', f.state);
  if (f.channelId !== undefined) query = query.where('deliveries.channel_id', '=', f.channelId);
  if (f.checkId !== undefined) query = query.where('alert_events.check_id', '=', f.checkId);
  if (f.userId !== undefined) query = query.where('deliveries.user_id', '=', f.userId);
  if (f.personalOf !== undefined) query = query.where((eb) => eb.or([eb('deliveries.user_id', 'is', null), eb('deliveries.user_id', '=', f.personalOf!)]));
  if (beforeId !== undefined) query = query.where(olderThanById('deliveries', beforeId));
  return query.orderBy('deliveries.id', 'desc').limit(limit).execute();
}

export async function findDelivery(db: Db, id: number, scope: Scope = null) {
  return selectSummaries(db, scope).where('deliveries.id', '=', id).executeTakeFirst();
}

export async function attemptsOf(db: Db, deliveryId: number) {
  return db.selectFrom('delivery_attempts').selectAll().where('delivery_id', '=', deliveryId).orderBy('id').execute();
}

/** A failed (or cancelled) delivery tried again by hand: due now, with a fresh retry window. */
export async function requeueDelivery(db: Db, id: number, now: string, giveUpAt: string): Promise<boolean> {
  const result = await db
    .updateTable('deliveries')
    .set({ state: 'pending', next_attempt_at: now, give_up_at: giveUpAt, updated_at: now })
    .where('id', '=', id)
    .where('state', 'in', ['failed', 'cancelled'])
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
