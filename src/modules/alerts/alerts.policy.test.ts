import { describe, expect, it } from 'vitest';
import { BUILT_IN_DEFAULTS, effectiveOptions, type NotificationOptions } from './alerts.options.js';
import { type AlertState, CLEAR_STATE, decide } from './alerts.policy.js';
import type { CheckStatus } from '../../shared/status.js';

const start: AlertState = { status: 'success', ...CLEAR_STATE };
const t0 = Date.parse('2026-11-20T00:00:00Z');
const hoursLater = (h: number) => new Date(t0 + h * 3_600_000).toISOString();

/** Runs a sequence of statuses (one an hour) through the policy; answers what was sent at each step. */
function run(statuses: CheckStatus[], options: Partial<NotificationOptions> = {}, outside: boolean[] = []) {
  const o = effectiveOptions(BUILT_IN_DEFAULTS, options);
  let state = start;
  return statuses.map((status, i) => {
    const d = decide(o, state, { status: status as never, at: hoursLater(i), outsideWindow: outside[i] ?? false });
    state = d.state;
    const sent = d.notify ? `${d.notify.event}${d.notify.holdUntil ? ' held' : ''}` : '-';
    return d.cancelHeld ? `${sent} +cancel held` : sent;
  });
}

describe('which statuses alert', () => {
  it.each<[string, CheckStatus[], Partial<NotificationOptions>, string[]]>([
    ['a failure alerts', ['failure'], {}, ['alert']],
    ['a warning alerts', ['warning'], {}, ['alert']],
    ['overdue alerts', ['overdue'], {}, ['alert']],
    ['success after success is quiet', ['success', 'success'], {}, ['-', '-']],
    ['warnings can be left out', ['warning', 'failure'], { alertOn: ['failure', 'overdue'] }, ['-', 'alert']],
    ['overdue can be left out', ['overdue'], { alertOn: ['failure'] }, ['-']],
  ])('%s', (_, statuses, options, sent) => {
    expect(run(statuses, options)).toEqual(sent);
  });
});

describe('notify on restore', () => {
  it.each<[string, CheckStatus[], Partial<NotificationOptions>, string[]]>([
    ['back to success after a failure', ['failure', 'success'], {}, ['alert', 'restore']],
    ['after overdue', ['overdue', 'success'], {}, ['alert', 'restore']],
    ['after a warning', ['warning', 'success'], {}, ['alert', 'restore']],
    ['once only', ['failure', 'success', 'success'], {}, ['alert', 'restore', '-']],
    ['not when turned off', ['failure', 'success'], { notifyOnRestore: false }, ['alert', '-']],
    ['not when no alert went out', ['warning', 'success'], { alertOn: ['failure'] }, ['-', '-']],
  ])('%s', (_, statuses, options, sent) => {
    expect(run(statuses, options)).toEqual(sent);
  });
});

describe('repeated alerts', () => {
  it.each<[string, CheckStatus[], Partial<NotificationOptions>, string[]]>([
    ['every failure', ['failure', 'failure', 'failure'], { repeat: 'every' }, ['alert', 'alert', 'alert']],
    ['only the first of a run', ['failure', 'failure', 'failure'], { repeat: 'first' }, ['alert', '-', '-']],
    ['a new run alerts again', ['failure', 'failure', 'success', 'failure'], { repeat: 'first' }, ['alert', '-', 'restore', 'alert']],
    ['a worse status alerts even in a run', ['warning', 'warning', 'failure', 'failure'], { repeat: 'first' }, ['alert', '-', 'alert', '-']],
    ['a milder status does not', ['failure', 'warning'], { repeat: 'first' }, ['alert', '-']],
    ['at most once per 2 hours (one step is an hour)', ['failure', 'failure', 'failure', 'failure', 'failure'], { repeat: 'interval', repeatHours: 2 }, ['alert', '-', 'alert', '-', 'alert']],
  ])('%s', (_, statuses, options, sent) => {
    expect(run(statuses, options)).toEqual(sent);
  });
});

describe('alert after N consecutive problems', () => {
  it.each<[string, CheckStatus[], Partial<NotificationOptions>, string[]]>([
    ['the third in a row', ['failure', 'failure', 'failure', 'failure'], { afterConsecutive: 3 }, ['-', '-', 'alert', 'alert']],
    ['a success resets the count', ['failure', 'failure', 'success', 'failure', 'failure'], { afterConsecutive: 3 }, ['-', '-', '-', '-', '-']],
    ['overdue and warnings count too', ['overdue', 'warning', 'failure'], { afterConsecutive: 3 }, ['-', '-', 'alert']],
    ['with only the first: once the threshold is reached', ['failure', 'failure', 'failure'], { afterConsecutive: 2, repeat: 'first' }, ['-', 'alert', '-']],
  ])('%s', (_, statuses, options, sent) => {
    expect(run(statuses, options)).toEqual(sent);
  });
});

describe('grace period', () => {
  it('holds the alert for the grace period', () => {
    const o = effectiveOptions(BUILT_IN_DEFAULTS, { graceMinutes: 90 });
    const d = decide(o, start, { status: 'failure', at: hoursLater(0), outsideWindow: false });
    expect(d.notify).toEqual({ event: 'alert', holdUntil: new Date(t0 + 90 * 60_000).toISOString() });
  });

  it.each<[string, CheckStatus[], string[]]>([
    // one step is an hour, the grace 90 minutes: the success 1 h later cancels; 2 h later it is too late
    ['a success within it drops the alert, and there is nothing to restore', ['failure', 'success'], ['alert held', '- +cancel held']],
    // the first alert's hold ended at 1:30, so it went out: the success at 2:00 drops only the second
    ['a success after the first hold ended: the recovery is told', ['failure', 'failure', 'success'], ['alert held', 'alert held', 'restore +cancel held']],
  ])('%s', (_, statuses, sent) => {
    expect(run(statuses, { graceMinutes: 90 })).toEqual(sent);
  });

  it('a success after the first hold expired tells the recovery', () => {
    const o = effectiveOptions(BUILT_IN_DEFAULTS, { graceMinutes: 30 });
    let state = start;
    let d = decide(o, state, { status: 'failure', at: hoursLater(0), outsideWindow: false });
    state = d.state;
    d = decide(o, state, { status: 'success', at: hoursLater(1), outsideWindow: false });
    expect(d).toMatchObject({ notify: { event: 'restore' } });
  });
});

describe('arrival window', () => {
  it('alerts outside the window by default', () => {
    expect(run(['failure'], {}, [true])).toEqual(['alert']);
  });
  it('stays quiet outside the window when told to', () => {
    expect(run(['failure', 'failure', 'success'], { notifyOutsideWindow: false }, [true, false, true])).toEqual(['-', 'alert', '-']);
  });
});

it('options left out follow the organization defaults', () => {
  expect(effectiveOptions({ ...BUILT_IN_DEFAULTS, repeat: 'first' }, { repeat: null, graceMinutes: 5 })).toMatchObject({ repeat: 'first', graceMinutes: 5 });
});

it('an announced problem that ends is an ended incident even when the recovery is not told (tickets close)', () => {
  const o = effectiveOptions(BUILT_IN_DEFAULTS, { notifyOnRestore: false });
  const failed = decide(o, start, { status: 'failure', at: hoursLater(0), outsideWindow: false });
  const recovered = decide(o, failed.state, { status: 'success', at: hoursLater(1), outsideWindow: false });
  expect(recovered).toMatchObject({ notify: null, incidentEnded: true });
  expect(decide(o, recovered.state, { status: 'success', at: hoursLater(2), outsideWindow: false }).incidentEnded).toBe(false);
});
