import { describe, expect, it } from 'vitest';
import { maySee, personalStatusOf, quietUntil } from './personal.models.js';
import { defaultSettings, patchedSettings, readyMedia } from './personal.settings.js';

const night = { start: '22:00', end: '07:00', timezone: 'Europe/Berlin', breakThrough: ['failure' as const] };

describe('quiet hours', () => {
  it('hold an alert until they end, over midnight, in the user’s zone', () => {
    // 23:30 in Berlin (CET, UTC+1) is inside; they end at 07:00 Berlin the next morning.
    expect(quietUntil(new Date('2026-11-20T22:30:00Z'), night, 'warning')?.toISOString()).toBe('2026-11-21T06:00:00.000Z');
    // 05:00 Berlin, the same night: they end at 07:00 that morning.
    expect(quietUntil(new Date('2026-11-21T04:00:00Z'), night, 'overdue')?.toISOString()).toBe('2026-11-21T06:00:00.000Z');
  });

  it('let the day through, and the statuses that break through', () => {
    expect(quietUntil(new Date('2026-11-20T12:00:00Z'), night, 'warning')).toBeNull();
    expect(quietUntil(new Date('2026-11-21T06:00:00Z'), night, 'warning')).toBeNull();
    expect(quietUntil(new Date('2026-11-20T22:30:00Z'), night, 'failure')).toBeNull();
    expect(quietUntil(new Date('2026-11-20T22:30:00Z'), null, 'warning')).toBeNull();
  });

  it('follow daylight saving: the end is wall-clock time', () => {
    // The night of 28–29 March 2026 loses an hour in Berlin: 07:00 CEST is 05:00 UTC.
    expect(quietUntil(new Date('2026-03-28T23:00:00Z'), night, 'warning')?.toISOString()).toBe('2026-03-29T05:00:00.000Z');
  });

  it('may lie within one day', () => {
    const lunch = { start: '12:00', end: '13:30', timezone: 'UTC', breakThrough: [] };
    expect(quietUntil(new Date('2026-11-20T12:10:00Z'), lunch, 'failure')?.toISOString()).toBe('2026-11-20T13:30:00.000Z');
    expect(quietUntil(new Date('2026-11-20T13:30:00Z'), lunch, 'failure')).toBeNull();
  });
});

describe('who hears of what', () => {
  it('names the event as a user chooses it: a problem’s status, or the recovery', () => {
    expect(personalStatusOf({ event: 'alert', status: 'overdue' })).toBe('overdue');
    expect(personalStatusOf({ event: 'restore', status: 'success' })).toBe('recovery');
    expect(personalStatusOf({ event: 'test', status: 'success' })).toBeNull();
  });

  it('lets a limited user see only checks of their groups, never one in no group', () => {
    expect(maySee(null, null)).toBe(true);
    expect(maySee([1, 2], 2)).toBe(true);
    expect(maySee([1, 2], 3)).toBe(false);
    expect(maySee([1], null)).toBe(false);
    expect(maySee([], 1)).toBe(false);
  });
});

describe('settings', () => {
  it('start with email for a user name that is an address, and nothing else', () => {
    expect(readyMedia(defaultSettings('ops@example.com'))).toEqual(['email']);
    expect(readyMedia(defaultSettings('ops'))).toEqual([]);
  });

  it('change what a patch gives; a new phone number waits for its code, removing it is at once', () => {
    const base = { ...defaultSettings('ops@example.com'), sms: { enabled: true, phone: '+14155550100' } };
    const next = patchedSettings(base, { statuses: ['failure'], sms: { phone: '+14155550199' }, push: { enabled: true } });
    expect(next).toMatchObject({ statuses: ['failure'], sms: { enabled: true, phone: '+14155550100' }, push: { enabled: true }, email: base.email });
    expect(patchedSettings(base, { sms: { phone: null } }).sms.phone).toBeNull();
  });
});
