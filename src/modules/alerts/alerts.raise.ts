import type { Db } from '../../db/database.js';
import type { MatchedRule } from '../evaluation/evaluation.models.js';
import { outsideArrivalWindow } from '../schedule/schedule.expectations.js';
import type { AlertView } from './alerts.models.js';
import { effectiveOptions, type NotificationOptions } from './alerts.options.js';
import { type AlertState, decide } from './alerts.policy.js';
import {
  type AlertContext,
  cancelHeldAlerts,
  channelsForCheck,
  checkForView,
  insertAlertEvent,
  insertDeliveries,
  insertPersonalDeliveries,
  saveAlertState,
} from './alerts.repository.js';
import { buildAlertView } from './alerts.view.js';
import type { Medium } from '../personal/personal.media.types.js';
import { personalStatusOf } from '../personal/personal.models.js';
import { personalRecipients } from '../personal/personal.recipients.js';
import type { CheckStatus } from '../../shared/status.js';

/** What the outbox needs from the composition root. */
export interface Alerting {
  /** The organization's notification defaults. */
  defaults(): NotificationOptions;
  timezone: string;
  publicUrl: string;
  retryHours: number;
  /** The channel types that are ticketing systems (from the channel registry, which the composition root holds). */
  ticketingTypes: readonly string[];
  /** The personal notification media the organization has set up. */
  media: readonly Medium[];
  /** Deliveries were queued (they are sent once the transaction commits). */
  queued(): void;
}

export interface StatusChange {
  checkId: number;
  activityId: number | null;
  messageId: number | null;
  status: Exclude<CheckStatus, 'pending'>;
  at: string;
  subject: string;
  matchedRules: MatchedRule[];
  statusSource: AlertView['statusSource'];
  reasons: string[];
  /** The report's text, for its key lines. */
  text: string;
  /** The key lines a report format read, when it did (they win over the text's). */
  keyLines?: string[];
  expectedAt: string | null;
  now: string;
}

/** The outbox's settings as plain data (they cross to the database thread): the defaults as they are now. */
export type AlertingSettings = Omit<Alerting, 'queued' | 'defaults'> & { defaults: NotificationOptions };

/** The outbox's settings in use, telling `queued` when a delivery is written. */
export const alertingOf = (settings: AlertingSettings, queued: () => void): Alerting => ({ ...settings, defaults: () => settings.defaults, queued });

const sameState = (a: AlertState, b: AlertState) =>
  a.problemStreak === b.problemStreak && a.alertedAt === b.alertedAt && a.alertedStatus === b.alertedStatus && a.heldUntil === b.heldUntil && a.announced === b.announced;

/**
 * The outbox: runs inside the transaction that records the activity, so the
 * check's alert state, the event and one delivery per channel are stored with
 * it or not at all. Nothing is sent here; the delivery worker sends after commit.
 */
export async function raiseAlerts(trx: Db, alerting: Alerting, before: AlertContext, change: StatusChange): Promise<void> {
  const options = effectiveOptions(alerting.defaults(), JSON.parse(before.notifications));
  const outsideWindow = change.messageId !== null && outsideArrivalWindow(JSON.parse(before.schedule), new Date(change.at), alerting.timezone);
  const d = decide(options, before, { status: change.status, at: change.at, outsideWindow });
  if (!sameState(before, d.state)) await saveAlertState(trx, change.checkId, d.state);
  if (d.cancelHeld) await cancelHeldAlerts(trx, change.checkId, change.at, change.now);
  if (!d.notify && !d.incidentEnded) return;
  const channels = await channelsForCheck(trx, change.checkId);
  // Without a restore notification, an ended incident still closes its tickets.
  const recipients = d.notify ? channels : channels.filter((c) => alerting.ticketingTypes.includes(c.type));
  const notify = d.notify ?? { event: 'restore' as const, holdUntil: null };
  const firstAttemptAt = notify.holdUntil ?? change.now;
  const people = d.notify
    ? await personalRecipients(trx, { checkId: change.checkId, status: personalStatusOf({ event: notify.event, status: change.status }), options, media: alerting.media, at: firstAttemptAt })
    : [];
  // Nobody to tell: the decision is kept in the alert state, but no event is stored.
  if (!recipients.length && !people.length) return;

  const view = buildAlertView({
    event: notify.event,
    status: change.status,
    previousStatus: before.status,
    check: await checkForView(trx, change.checkId),
    activity: { id: change.activityId, messageId: change.messageId, at: change.at, subject: change.subject },
    matchedRules: change.matchedRules,
    statusSource: change.statusSource,
    reasons: change.reasons,
    text: change.text,
    keyLines: change.keyLines,
    expectedAt: change.expectedAt,
    timezone: alerting.timezone,
    publicUrl: alerting.publicUrl,
  });
  const eventId = await insertAlertEvent(trx, { checkId: change.checkId, activityId: change.activityId, view, holdUntil: notify.holdUntil, createdAt: change.now });
  const giveUpAfter = (from: string) => new Date(Date.parse(from) + alerting.retryHours * 3_600_000).toISOString();
  await insertDeliveries(
    trx,
    eventId,
    recipients.map((c) => c.id),
    firstAttemptAt,
    giveUpAfter(firstAttemptAt),
    change.now,
  );
  await insertPersonalDeliveries(
    trx,
    { id: eventId, checkId: change.checkId },
    people.map((p) => ({ ...p, giveUpAt: giveUpAfter(p.firstAttemptAt) })),
    change.now,
  );
  alerting.queued();
}
