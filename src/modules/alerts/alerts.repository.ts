import crypto from 'node:crypto';
import type { Db } from '../../db/database.js';
import { lockingRows } from '../../db/dialect.js';
import { queryTemplate } from '../../db/query-template.js';
import type { AlertView } from './alerts.models.js';
import type { AlertState } from './alerts.policy.js';
import type { CheckStatus, ProblemStatus } from '../../shared/status.js';

export interface AlertContext extends AlertState {
  notifications: string;
  schedule: string;
}

// Read to decide, then written: the check's row stays locked until the transaction ends, so that
// reports of one check committed by two nodes at once decide one after the other.
const alertContextQuery = queryTemplate((db, v: { checkId: number }) =>
  lockingRows(
    db,
    db
      .selectFrom('checks')
      .select(['status', 'problem_streak', 'alerted_at', 'alerted_status', 'alert_held_until', 'alert_announced', 'notifications', 'schedule'])
      .where('id', '=', v.checkId),
  ),
);

export async function loadAlertContext(db: Db, checkId: number): Promise<AlertContext | undefined> {
  const row = (await alertContextQuery(db, { checkId })).rows[0];
  return (
    row && {
      status: row.status as CheckStatus,
      problemStreak: row.problem_streak,
      alertedAt: row.alerted_at,
      alertedStatus: row.alerted_status as ProblemStatus | null,
      heldUntil: row.alert_held_until,
      announced: row.alert_announced === 1,
      notifications: row.notifications,
      schedule: row.schedule,
    }
  );
}

const saveAlertStateQuery = queryTemplate(
  (db, v: { checkId: number; streak: number; at: string | null; status: string | null; heldUntil: string | null; announced: 0 | 1 }) =>
    db
      .updateTable('checks')
      .set({ problem_streak: v.streak, alerted_at: v.at, alerted_status: v.status, alert_held_until: v.heldUntil, alert_announced: v.announced })
      .where('id', '=', v.checkId),
);

export async function saveAlertState(db: Db, checkId: number, s: AlertState): Promise<void> {
  await saveAlertStateQuery(db, { checkId, streak: s.problemStreak, at: s.alertedAt, status: s.alertedStatus, heldUntil: s.heldUntil, announced: s.announced ? 1 : 0 });
}

const channelsQuery = queryTemplate((db, v: { checkId: number }) => {
  const ids = db
    .selectFrom('check_channels')
    .select('channel_id')
    .where('check_id', '=', v.checkId)
    .union(db.selectFrom('group_channels').innerJoin('checks', 'checks.group_id', 'group_channels.group_id').select('group_channels.channel_id').where('checks.id', '=', v.checkId));
  return db.selectFrom('channels').select(['id', 'type']).where('id', 'in', ids).orderBy('id');
});

/** The check's own channels and its group's, with their types. */
export async function channelsForCheck(db: Db, checkId: number): Promise<{ id: number; type: string }[]> {
  return (await channelsQuery(db, { checkId })).rows;
}

export async function checkForView(db: Db, checkId: number) {
  const row = await db
    .selectFrom('checks')
    .leftJoin('check_groups', 'check_groups.id', 'checks.group_id')
    .select(['checks.id', 'checks.name', 'checks.description', 'checks.asset_id', 'check_groups.name as group_name'])
    .where('checks.id', '=', checkId)
    .executeTakeFirstOrThrow();
  const labels = await db.selectFrom('check_labels').select('label').where('check_id', '=', checkId).orderBy('label').execute();
  return { id: row.id, name: row.name, group: row.group_name, labels: labels.map((l) => l.label), description: row.description, assetId: row.asset_id };
}

export interface NewAlertEvent {
  checkId: number | null;
  activityId: number | null;
  view: AlertView;
  holdUntil: string | null;
  createdAt: string;
}

export async function insertAlertEvent(db: Db, e: NewAlertEvent): Promise<number> {
  const { id } = await db
    .insertInto('alert_events')
    .values({
      check_id: e.checkId,
      activity_id: e.activityId,
      event: e.view.event,
      status: e.view.status,
      previous_status: e.view.previousStatus,
      view: JSON.stringify(e.view),
      hold_until: e.holdUntil,
      state: e.holdUntil ? 'held' : 'open',
      created_at: e.createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** One delivery per channel, due now or when the event's hold ends, given up after the retry window. */
export async function insertDeliveries(db: Db, eventId: number, channelIds: number[], firstAttemptAt: string, giveUpAt: string, now: string) {
  if (!channelIds.length) return;
  await db
    .insertInto('deliveries')
    .values(
      channelIds.map((channelId) => ({
        event_id: eventId,
        channel_id: channelId,
        state: 'pending',
        idempotency_key: crypto.randomUUID(),
        next_attempt_at: firstAttemptAt,
        give_up_at: giveUpAt,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
}

/**
 * One delivery per user medium (per browser for push), each due when its user's quiet hours allow.
 * A newer event replaces what quiet hours still hold of the same check for the same user and medium:
 * someone waking up wants the check's state, not every step of the night.
 */
export async function insertPersonalDeliveries(
  db: Db,
  event: { id: number; checkId: number },
  people: { userId: number; medium: string; subscriptionId: number | null; firstAttemptAt: string; giveUpAt: string }[],
  now: string,
) {
  if (!people.length) return;
  const ofCheck = db.selectFrom('alert_events').select('id').where('check_id', '=', event.checkId);
  // One per user and medium: push has a recipient per browser, but what it held is replaced once.
  const pairs = new Map(people.map((p) => [`${p.userId} ${p.medium}`, p]));
  for (const p of pairs.values()) {
    await db
      .updateTable('deliveries')
      .set({ state: 'cancelled', next_attempt_at: null, last_error: 'replaced by a later notification of the same check', updated_at: now })
      .where('user_id', '=', p.userId)
      .where('medium', '=', p.medium)
      .where('state', '=', 'pending')
      .where('attempts', '=', 0)
      .where('next_attempt_at', '>', now)
      .where('event_id', 'in', ofCheck)
      .execute();
  }
  const eventId = event.id;
  await db
    .insertInto('deliveries')
    .values(
      people.map((p) => ({
        event_id: eventId,
        channel_id: null,
        user_id: p.userId,
        medium: p.medium,
        subscription_id: p.subscriptionId,
        state: 'pending',
        idempotency_key: crypto.randomUUID(),
        next_attempt_at: p.firstAttemptAt,
        give_up_at: p.giveUpAt,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
}

/** Alerts of a check still inside their grace period when a success came: dropped, with their deliveries. */
export async function cancelHeldAlerts(db: Db, checkId: number, at: string, now: string): Promise<number> {
  const held = db.selectFrom('alert_events').select('id').where('check_id', '=', checkId).where('state', '=', 'held').where('hold_until', '>', at);
  await db.updateTable('deliveries').set({ state: 'cancelled', next_attempt_at: null, updated_at: now }).where('event_id', 'in', held).where('state', '=', 'pending').execute();
  const result = await db
    .updateTable('alert_events')
    .set({ state: 'cancelled' })
    .where('check_id', '=', checkId)
    .where('state', '=', 'held')
    .where('hold_until', '>', at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

