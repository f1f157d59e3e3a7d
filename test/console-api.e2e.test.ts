import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../src/shared/clock.js';
import { fixture, startTestService, type TestService } from './helpers/service.js';
import { TEST_ENGINE } from './helpers/database.js';

const clock = fixedClock('2026-11-20T12:00:00Z');
let svc: TestService;
let check: { id: number; address: string };

beforeAll(async () => {
  svc = await startTestService({ clock });
  check = (
    await svc.api('POST', '/checks', {
      name: 'Bars',
      status: { success: { rules: [{ field: 'subject', operator: 'startsWith', value: 'Success' }] }, warning: { rules: [{ field: 'subject', operator: 'startsWith', value: 'Warning' }] } },
    })
  ).body;
});
afterAll(() => svc.destroy());

async function reportAt(at: string, file: string) {
  clock.set(at);
  expect((await svc.send(fixture(file), [check.address])).code).toBe(250);
}

describe('the Recent Activity summary', () => {
  it('counts activities per day by status, in the calendar of the zone asked for', async () => {
    await reportAt('2026-11-12T08:00:00Z', 'comet-success.eml'); // before the 10 days: left out
    await reportAt('2026-11-18T09:00:00Z', 'comet-success.eml');
    await reportAt('2026-11-18T10:00:00Z', 'comet-error.eml');
    await reportAt('2026-11-18T23:30:00Z', 'comet-warning.eml'); // already the 19th in Berlin
    await reportAt('2026-11-20T11:00:00Z', 'comet-success.eml');
    const res = await svc.api('GET', `/activity-summary?days=10&timezone=Europe/Berlin&checkId=${check.id}`);
    expect(res.status).toBe(200);
    expect(res.body.days).toHaveLength(10);
    expect(res.body.days[0]).toBe('2026-11-11');
    expect(res.body.days.at(-1)).toBe('2026-11-20');
    const bars = res.body.checks[String(check.id)] as Record<string, number>[];
    const day = (d: string) => bars[res.body.days.indexOf(d)];
    expect(day('2026-11-12')).toEqual({ success: 1, warning: 0, failure: 0, overdue: 0 });
    expect(day('2026-11-18')).toEqual({ success: 1, warning: 0, failure: 1, overdue: 0 });
    expect(day('2026-11-19')).toEqual({ success: 0, warning: 1, failure: 0, overdue: 0 });
    expect(day('2026-11-20')).toEqual({ success: 1, warning: 0, failure: 0, overdue: 0 });
    const utc = await svc.api('GET', `/activity-summary?days=10&timezone=UTC&checkId=${check.id}`);
    expect(utc.body.checks[String(check.id)][utc.body.days.indexOf('2026-11-18')]).toEqual({ success: 1, warning: 1, failure: 1, overdue: 0 });
  });
});

describe('live events', () => {
  it('streams an activity as soon as a report is stored', async () => {
    const controller = new AbortController();
    const res = await fetch(`http://127.0.0.1:${svc.httpPort}/api/v1/events`, { headers: { authorization: `Bearer ${svc.key}` }, signal: controller.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    let text = '';
    const read = async (until: RegExp) => {
      while (!until.test(text)) text += new TextDecoder().decode((await reader.read()).value);
    };
    await read(/event: ready/);
    await reportAt('2026-11-20T12:30:00Z', 'comet-error.eml');
    await read(/event: activity\ndata: .*\n/);
    const data = JSON.parse(/event: activity\ndata: (.*)\n/.exec(text)![1]!);
    expect(data).toMatchObject({ type: 'activity', checkId: check.id, status: 'failure', at: '2026-11-20T12:30:00.000Z' });
    controller.abort();
  });

  it('needs a key or a session', async () => {
    expect((await fetch(`http://127.0.0.1:${svc.httpPort}/api/v1/events`)).status).toBe(401);
  });
});

describe('settings and about', () => {
  it('keeps the organization settings and shows the inbox', async () => {
    expect((await svc.api('GET', '/settings')).body).toEqual({ timezone: 'UTC', sessionTimeoutMinutes: 30, retentionDays: null, inbox: 'reports@backwatch.local' });
    const changed = await svc.api('PATCH', '/settings', { timezone: 'Europe/Berlin', sessionTimeoutMinutes: 60 });
    expect(changed.body).toMatchObject({ timezone: 'Europe/Berlin', sessionTimeoutMinutes: 60 });
    expect((await svc.api('PATCH', '/settings', { timezone: 'Atlantis/Capital' })).status).toBe(400);
    await svc.api('PATCH', '/settings', { timezone: 'UTC', sessionTimeoutMinutes: 30 });
  });

  it('says which parts are running', async () => {
    const about = (await svc.api('GET', '/about')).body;
    expect(about).toMatchObject({ database: { kind: TEST_ENGINE }, smtp: { running: true }, scheduler: { running: true }, deliveries: { running: true }, inbox: 'reports@backwatch.local' });
    expect(about.smtp.address).toBe(`127.0.0.1:${svc.smtpPort}`);
  });
});

describe('messages', () => {
  it('test unsaved rules against a stored message', async () => {
    const reply = await svc.send(fixture('comet-warning.eml'));
    const messageId = Number(/message (\d+)/.exec(reply.response)![1]);
    const res = await svc.api('POST', '/checks/test', {
      messageId,
      check: { name: 'Draft', matching: { rules: [{ field: 'subject', operator: 'contains', value: 'Documents' }] }, status: { warning: { rules: [{ field: 'body', operator: 'contains', value: 'Status: Warning' }] } } },
    });
    expect(res.body).toMatchObject({ matched: true, matchedBy: 'criteria', status: 'warning', statusSource: 'warning' });
  });

  it('downloads an attachment as a file, never as a page', async () => {
    const reply = await svc.send(fixture('log-attachment.eml'));
    const messageId = Number(/message (\d+)/.exec(reply.response)![1]);
    const res = await fetch(`http://127.0.0.1:${svc.httpPort}/api/v1/messages/${messageId}/attachments/0`, { headers: { authorization: `Bearer ${svc.key}` } });
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('content-disposition')).toContain('filename="backup-log.txt"');
    expect(await res.text()).toContain('COMPLETED WITH WARNINGS');
    expect((await svc.api('GET', `/messages/${messageId}/attachments/9`)).status).toBe(404);
  });

  it('deletes messages past the retention, keeping their activities', async () => {
    clock.set('2026-11-20T12:00:00Z');
    const before = (await svc.api('GET', `/activities?checkId=${check.id}&limit=500`)).body.items.length;
    await svc.api('PATCH', '/settings', { retentionDays: 3 });
    await svc.retention.tick();
    const left = (await svc.api('GET', '/messages?limit=500')).body.items as { receivedAt: string }[];
    expect(left.every((m) => m.receivedAt >= '2026-11-17T12:00:00.000Z')).toBe(true);
    const activities = (await svc.api('GET', `/activities?checkId=${check.id}&limit=500`)).body.items as { messageId: number | null; receivedAt: string }[];
    expect(activities).toHaveLength(before);
    expect(activities.find((a) => a.receivedAt === '2026-11-12T08:00:00.000Z')!.messageId).toBeNull();
    await svc.api('PATCH', '/settings', { retentionDays: null });
  });
});
