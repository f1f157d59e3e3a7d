import { type AlertEvent } from './alerts.models.js';
import type { NotificationOptions } from './alerts.options.js';
import { type CheckStatus, PROBLEM_STATUSES, type ProblemStatus } from '../../shared/status.js';

/** Where a check stands in its current run of problems (kept on the check row). */
export interface AlertState {
  status: CheckStatus;
  /** Problems in a row, this one included. */
  problemStreak: number;
  /** When this run's last alert was raised (null: none yet). */
  alertedAt: string | null;
  /** The worst status alerted in this run. */
  alertedStatus: ProblemStatus | null;
  /** The earliest end of a grace period still holding an alert of this run. */
  heldUntil: string | null;
  /** An alert of this run has gone (or will surely go) out, so its end is worth telling. */
  announced: boolean;
}

export const CLEAR_STATE = { problemStreak: 0, alertedAt: null, alertedStatus: null, heldUntil: null, announced: false } as const;

export interface Transition {
  status: Exclude<CheckStatus, 'pending'>;
  at: string;
  /** The report was processed outside the schedule's arrival window. */
  outsideWindow: boolean;
}

export interface Decision {
  state: AlertState;
  notify: { event: Exclude<AlertEvent, 'test'>; holdUntil: string | null } | null;
  /** Held alerts of this check are dropped: a success came within their grace period. */
  cancelHeld: boolean;
  /** A problem that was announced is over: tickets opened for it close, whatever the restore option says. */
  incidentEnded: boolean;
}

const SEVERITY: Record<ProblemStatus, number> = { warning: 1, failure: 2, overdue: 2 };
const isProblem = (s: CheckStatus): s is ProblemStatus => (PROBLEM_STATUSES as readonly string[]).includes(s);
const plusMinutes = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

function repeatAllows(o: NotificationOptions, prev: AlertState, status: ProblemStatus, at: string): boolean {
  if (!prev.alertedAt || !prev.alertedStatus) return true;
  if (SEVERITY[status] > SEVERITY[prev.alertedStatus]) return true;
  if (o.repeat === 'every') return true;
  if (o.repeat === 'first') return false;
  return Date.parse(at) - Date.parse(prev.alertedAt) >= o.repeatHours * 3_600_000;
}

/**
 * Decides whether a check's new activity is worth telling anyone, from the
 * check's options (see NotificationOptions) and where it stands in its run of
 * problems. Pure: the caller stores the new state with the activity.
 */
export function decide(o: NotificationOptions, prev: AlertState, t: Transition): Decision {
  const quietHere = t.outsideWindow && !o.notifyOutsideWindow;
  const released = prev.heldUntil !== null && prev.heldUntil <= t.at;
  if (t.status === 'success') {
    const incidentEnded = (prev.announced || released) && isProblem(prev.status);
    const restore = incidentEnded && o.notifyOnRestore && !quietHere;
    return {
      state: { status: 'success', ...CLEAR_STATE },
      notify: restore ? { event: 'restore', holdUntil: null } : null,
      // Alerts still held are dropped (the store knows which holds have not ended yet).
      cancelHeld: prev.heldUntil !== null,
      incidentEnded,
    };
  }
  const status = t.status;
  const streak = isProblem(prev.status) ? prev.problemStreak + 1 : 1;
  const state: AlertState = { ...prev, status, problemStreak: streak };
  const alert = o.alertOn.includes(status) && !quietHere && streak >= o.afterConsecutive && repeatAllows(o, prev, status, t.at);
  if (!alert) return { state, notify: null, cancelHeld: false, incidentEnded: false };
  const holdUntil = o.graceMinutes > 0 ? plusMinutes(t.at, o.graceMinutes) : null;
  const worst = prev.alertedStatus && SEVERITY[prev.alertedStatus] >= SEVERITY[status] ? prev.alertedStatus : status;
  return {
    state: {
      ...state,
      alertedAt: t.at,
      alertedStatus: worst,
      heldUntil: prev.heldUntil !== null && !released ? prev.heldUntil : holdUntil,
      announced: prev.announced || released || holdUntil === null,
    },
    notify: { event: 'alert', holdUntil },
    cancelHeld: false,
    incidentEnded: false,
  };
}
