import fs from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { fixedClock } from '../src/shared/clock.js';
import { startTestService, type TestService } from './helpers/service.js';

const clock = fixedClock('2026-11-20T12:00:00Z');
let svc: TestService | undefined;
afterAll(async () => {
  if (svc) await svc.destroy();
});

const FIVE_MINUTES = 5 * 60_000;
const report = (subject: string) => `From: backup@client.example\r\nSubject: ${subject}\r\n\r\nJob completed.\r\n`;

it('goes overdue when a report does not come, recovers when one does, and catches up after a downtime', async () => {
  svc = await startTestService({ clock });
  const created = await svc.api('POST', '/checks', {
    name: 'Every five minutes',
    schedule: { type: 'interval', every: 5, unit: 'minutes', overdueAfterMinutes: 1 },
    status: { success: { rules: [{ field: 'subject', operator: 'contains', value: 'OK' }] } },
  });
  expect(created.status).toBe(201);
  const check = created.body;
  expect(check).toMatchObject({ status: 'pending', nextDueAt: null });

  expect((await svc.send(report('Backup OK'), [check.address])).code).toBe(250);
  expect((await svc.api('GET', `/checks/${check.id}`)).body).toMatchObject({
    status: 'success',
    nextDueAt: '2026-11-20T12:05:00.000Z',
    overdueAt: '2026-11-20T12:06:00.000Z',
    overdueSince: null,
  });

  clock.advance(7 * 60_000);
  await svc.scheduler.tick();
  expect((await svc.api('GET', `/checks/${check.id}`)).body).toMatchObject({ status: 'overdue', overdueSince: '2026-11-20T12:06:00.000Z', nextDueAt: '2026-11-20T12:10:00.000Z' });
  const overdueList = await svc.api('GET', '/checks?status=overdue');
  expect(overdueList.body.items.map((c: { id: number }) => c.id)).toEqual([check.id]);
  const [mark] = (await svc.api('GET', `/activities?checkId=${check.id}&status=overdue`)).body.items;
  expect(mark).toMatchObject({ status: 'overdue', messageId: null, receivedAt: '2026-11-20T12:06:00.000Z' });

  expect((await svc.send(report('Backup OK'), [check.address])).code).toBe(250);
  expect((await svc.api('GET', `/checks/${check.id}`)).body).toMatchObject({ status: 'success', overdueSince: null, nextDueAt: '2026-11-20T12:12:00.000Z' });
  expect((await svc.api('GET', '/checks?status=overdue')).body.items).toEqual([]);

  // Three hours down: every expectation missed meanwhile is marked as soon as the service is back.
  const { dataDir, key } = svc;
  await svc.stop();
  clock.advance(3 * 60 * 60_000);
  svc = await startTestService({ clock, dataDir, key });
  await svc.scheduler.tick();
  const marks = (await svc.api('GET', `/activities?checkId=${check.id}&status=overdue&limit=500`)).body.items as { receivedAt: string }[];
  const firstDeadline = Date.parse('2026-11-20T12:13:00Z');
  const expected = Math.floor((clock.now().getTime() - firstDeadline) / FIVE_MINUTES) + 1;
  expect(marks.length - 1).toBe(expected);
  expect(marks.at(-2)!.receivedAt).toBe('2026-11-20T12:13:00.000Z');
  await svc.scheduler.tick();
  expect((await svc.api('GET', `/activities?checkId=${check.id}&status=overdue&limit=500`)).body.items).toHaveLength(marks.length);
  expect(fs.existsSync(dataDir)).toBe(true);
});

it('refuses schedules it cannot follow, naming the field', async () => {
  svc ??= await startTestService({ clock });
  const cases: [unknown, string][] = [
    [{ type: 'cron', cron: '61 * * * *' }, 'schedule.cron'],
    [{ type: 'cron', cron: '0 21 * * *', timezone: 'Mars/Olympus' }, 'schedule.timezone'],
    [{ type: 'interval', every: 1, unit: 'days', window: { start: '20:00', end: '20:00' } }, 'schedule.window.end'],
    [{ type: 'interval', every: 1, unit: 'days', window: { start: '8:00', end: '20:00' } }, 'schedule.window.start'],
    [{ type: 'interval', every: 1, unit: 'days', activeDays: [] }, 'schedule.activeDays'],
    [{ type: 'interval', every: 1, unit: 'days', activeDays: ['mon', 'funday'] }, 'schedule.activeDays[1]'],
    [{ type: 'weekly' }, 'schedule.type'],
  ];
  for (const [schedule, field] of cases) {
    const res = await svc.api('POST', '/checks', { name: 'bad schedule', schedule });
    expect(res.status, JSON.stringify(schedule)).toBe(400);
    expect(res.body.error.issues.map((i: { path: string }) => i.path), JSON.stringify(res.body)).toContain(field);
  }
});
