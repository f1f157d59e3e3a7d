import { DateTime } from 'luxon';
import type { Scope } from '../../shared/scope.js';
import type { AlertView } from '../alerts/alerts.models.js';
import type { PersonalMessage } from './personal.media.types.js';
import type { PersonalStatus, QuietHours } from './personal.settings.js';

/** What the user chose to hear about that this event is: a problem's status, or the recovery. */
export function personalStatusOf(view: Pick<AlertView, 'event' | 'status'>): PersonalStatus | null {
  if (view.event === 'restore') return 'recovery';
  if (view.event !== 'alert') return null;
  return view.status === 'failure' || view.status === 'warning' || view.status === 'overdue' ? view.status : null;
}

/** Whether a user limited to `groupIds` (null: every group) may see a check of `groupId` (null: in no group). */
export const maySee = (groupIds: Scope, groupId: number | null) => groupIds === null || (groupId !== null && groupIds.includes(groupId));

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

/**
 * When the user's quiet hours end, if `now` falls in them and `status` does not
 * break through; else null (send now). The hours are wall-clock times in the
 * user's zone, so they follow daylight saving; they may run over midnight.
 */
export function quietUntil(now: Date, quiet: QuietHours | null, status: PersonalStatus): Date | null {
  if (!quiet || quiet.breakThrough.includes(status)) return null;
  const local = DateTime.fromJSDate(now, { zone: quiet.timezone });
  const minute = local.hour * 60 + local.minute;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  const overnight = start > end;
  const inside = overnight ? minute >= start || minute < end : minute >= start && minute < end;
  if (!inside) return null;
  const endsTomorrow = overnight && minute >= start;
  const until = local.startOf('day').plus({ days: endsTomorrow ? 1 : 0 }).set({ hour: Math.floor(end / 60), minute: end % 60 });
  return until.toJSDate();
}

/** The notification as plain text: the template's first line is the title. */
export function personalMessage(view: AlertView, text: { title: string; body: string }): PersonalMessage {
  const status = view.event === 'test' ? 'test' : view.event === 'restore' ? 'success' : view.status === 'pending' ? 'failure' : view.status;
  return {
    title: text.title,
    body: text.body,
    checkName: view.check.name,
    url: view.check.url || null,
    status,
    event: view.event,
  };
}
