import { defaultFormatWriterSettings } from '../formats/formats.runtime.js';
import { DEFAULT_JOB_SETTINGS } from '../jobs/jobs.settings.js';
import { openTestDb } from '../../../test/helpers/database.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommitQueue } from '../../db/commit-queue.js';
import type { Db } from '../../db/database.js';
import { fixedClock } from '../../shared/clock.js';
import { createLogger } from '../../shared/logger.js';
import { listActivities } from '../activities/activities.repository.js';
import { checkSchema, createCheckSchema } from '../checks/checks.schemas.js';
import { presentCheck } from '../checks/checks.present.js';
import { BUILT_IN_DEFAULTS } from '../alerts/alerts.options.js';
import { createCheck, getCheck, updateCheck } from '../checks/checks.usecases.js';
import { CheckCatalog } from '../evaluation/evaluation.catalog.js';
import { ingestMessage } from '../ingest/ingest.usecase.js';
import { groupCommitWriter } from '../ingest/ingest.writer.js';
import { findDueChecks, markOverdue } from './schedule.repository.js';
import { markOverdueChecks } from './schedule.usecases.js';
import { testAlerting } from '../../../test/helpers/alerting.js';

const logger = createLogger('silent');
const inbox = { local: 'reports', domain: 'backwatch.local' };
let database: Awaited<ReturnType<typeof openTestDb>>;
let db: Db;
let clock: ReturnType<typeof fixedClock>;
let catalog: CheckCatalog;
let deps: Parameters<typeof createCheck>[0] & { logger: typeof logger };

beforeEach(async () => {
  database = await openTestDb();
  db = database.db;
  clock = fixedClock('2026-11-20T12:00:00Z');
  catalog = new CheckCatalog(db, logger);
  deps = { db, clock, timezone: 'UTC', alerting: testAlerting(), logger, checksChanged: () => catalog.invalidate() };
});

afterEach(async () => {
  await database.close();
});

async function scheduledCheck(schedule: Record<string, unknown>, alias = 'nightly') {
  return createCheck(deps, createCheckSchema.parse({ name: alias, alias, schedule, status: { default: 'success' } }));
}

/** A report to the check's own address, as ingestion stores it, received at the clock's now. */
async function report(alias = 'nightly', subject = 'Backup finished') {
  const alerting = testAlerting();
  const writer = groupCommitWriter(new CommitQueue(db), () => ({
    alerting: { defaults: alerting.defaults(), timezone: alerting.timezone, publicUrl: alerting.publicUrl, retryHours: alerting.retryHours, ticketingTypes: alerting.ticketingTypes, media: alerting.media },
    jobs: DEFAULT_JOB_SETTINGS,
    ...defaultFormatWriterSettings(),
  }));
  await ingestMessage(
    { writer, catalog, inbox, readContext: (_, receivedAt) => ({ timezone: 'UTC', receivedAt, options: {} }), checksChanged: () => {}, alertsQueued: () => {} },
    { raw: Buffer.from(`Subject: ${subject}\r\n\r\nok\r\n`), envelope: { mailFrom: 'b@x.example', rcptTo: [`reports+${alias}@backwatch.local`] }, receivedAt: clock.now() },
  );
}

const statuses = async (checkId: number) => (await listActivities(db, { checkId }, 100)).map((a) => `${a.status}@${a.receivedAt}`).reverse();
const tick = (onDb = db) => markOverdueChecks({ db: onDb, clock, alerting: testAlerting(), logger });
const daily = { type: 'interval', every: 1, unit: 'days', overdueAfterMinutes: 30 };

describe('overdue', () => {
  it('is marked at the deadline, not before, and once per missed expectation', async () => {
    const check = await scheduledCheck(daily);
    clock.set('2026-11-20T21:00:00Z');
    await report();
    expect((await getCheck(db, check.id)).overdueAt).toBe('2026-11-21T21:30:00.000Z');

    clock.set('2026-11-21T21:29:59.999Z');
    expect(await tick()).toEqual({ marked: 0 });
    clock.set('2026-11-21T21:30:00.000Z');
    expect(await tick()).toEqual({ marked: 1 });
    expect(await tick()).toEqual({ marked: 0 });
    const after = await getCheck(db, check.id);
    expect(after).toMatchObject({ status: 'overdue', statusSince: '2026-11-21T21:30:00.000Z', nextDueAt: '2026-11-22T21:00:00.000Z' });
    expect(checkSchema.parse(presentCheck(after, inbox, BUILT_IN_DEFAULTS))).toMatchObject({ overdueSince: '2026-11-21T21:30:00.000Z' });
  });

  it('catches up a 3-day downtime at once: one overdue activity per missed day, stamped with its deadline', async () => {
    const check = await scheduledCheck(daily);
    clock.set('2026-11-20T21:00:00Z');
    await report();
    clock.set('2026-11-23T23:00:00Z');
    expect(await tick()).toEqual({ marked: 3 });
    expect(await statuses(check.id)).toEqual([
      'success@2026-11-20T21:00:00.000Z',
      'overdue@2026-11-21T21:30:00.000Z',
      'overdue@2026-11-22T21:30:00.000Z',
      'overdue@2026-11-23T21:30:00.000Z',
    ]);
    expect(await getCheck(db, check.id)).toMatchObject({ status: 'overdue', statusSince: '2026-11-21T21:30:00.000Z', nextDueAt: '2026-11-24T21:00:00.000Z' });
    expect(await tick()).toEqual({ marked: 0 });
  });

  it('ends when a report arrives, which re-arms the next expectation from it', async () => {
    const check = await scheduledCheck(daily);
    clock.set('2026-11-20T21:00:00Z');
    await report();
    clock.set('2026-11-22T08:00:00Z');
    await tick();
    await report();
    expect(await getCheck(db, check.id)).toMatchObject({ status: 'success', statusSince: '2026-11-22T08:00:00.000Z', nextDueAt: '2026-11-23T08:00:00.000Z', overdueAt: '2026-11-23T08:30:00.000Z' });
    expect(await statuses(check.id)).toEqual(['success@2026-11-20T21:00:00.000Z', 'overdue@2026-11-21T21:30:00.000Z', 'success@2026-11-22T08:00:00.000Z']);
  });

  it('is retracted when the report had arrived before the deadline but was stored after it', async () => {
    const check = await scheduledCheck(daily);
    clock.set('2026-11-20T21:00:00Z');
    await report();
    clock.set('2026-11-21T21:30:00Z');
    await tick();
    clock.set('2026-11-21T21:29:58Z'); // the report's receivedAt, just before the deadline
    await report();
    expect(await statuses(check.id)).toEqual(['success@2026-11-20T21:00:00.000Z', 'success@2026-11-21T21:29:58.000Z']);
    expect(await getCheck(db, check.id)).toMatchObject({ status: 'success', nextDueAt: '2026-11-22T21:29:58.000Z' });
  });

  it('is a compare-and-set: a second scheduler acting on what it read before the first acted changes nothing', async () => {
    const check = await scheduledCheck(daily);
    clock.set('2026-11-20T21:00:00Z');
    await report();
    clock.set('2026-11-22T00:00:00Z');
    const seenByOther = await findDueChecks(db, clock.now().toISOString(), 10);
    expect(await tick()).toEqual({ marked: 1 });
    for (const stale of seenByOther) {
      expect(await markOverdue(db, stale.id, stale.deadline_at!, { dueAt: new Date('2026-11-22T21:00:00Z'), deadlineAt: new Date('2026-11-22T21:30:00Z') })).toBe(false);
    }
    expect((await statuses(check.id)).filter((s) => s.startsWith('overdue'))).toHaveLength(1);
    expect((await getCheck(db, check.id)).overdueAt).toBe('2026-11-22T21:30:00.000Z');
  });

  it('never comes to an unscheduled check, nor to one waiting for its first report', async () => {
    const unscheduled = await scheduledCheck({ type: 'unscheduled' }, 'never');
    const waiting = await scheduledCheck(daily, 'waiting');
    clock.set('2027-01-01T00:00:00Z');
    expect(await tick()).toEqual({ marked: 0 });
    expect(await getCheck(db, unscheduled.id)).toMatchObject({ status: 'pending', nextDueAt: null });
    expect(await getCheck(db, waiting.id)).toMatchObject({ status: 'pending', nextDueAt: null });
  });

  it('comes after the first expected time from creation when the first report is expected', async () => {
    const check = await scheduledCheck({ ...daily, expectFirstReport: true });
    expect(check).toMatchObject({ nextDueAt: '2026-11-21T12:00:00.000Z', overdueAt: '2026-11-21T12:30:00.000Z' });
    clock.set('2026-11-21T12:30:00Z');
    expect(await tick()).toEqual({ marked: 1 });
    expect((await getCheck(db, check.id)).status).toBe('overdue');
  });

  it('follows cron: a weekday job missed on Monday, not over the weekend', async () => {
    const check = await scheduledCheck({ type: 'cron', cron: '0 21 * * 1-5', timezone: 'Europe/Berlin', overdueAfterMinutes: 60 });
    clock.set('2026-03-27T20:10:00Z'); // Friday 21:10 CET
    await report();
    expect((await getCheck(db, check.id)).nextDueAt).toBe('2026-03-30T19:00:00.000Z'); // Monday 21:00 CEST
    clock.set('2026-03-30T19:59:00Z');
    expect(await tick()).toEqual({ marked: 0 });
    clock.set('2026-03-30T20:00:00Z');
    expect(await tick()).toEqual({ marked: 1 });
  });
});

describe('pausing and editing', () => {
  it('a paused check is not marked; resuming counts from the resume time', async () => {
    const check = await scheduledCheck(daily);
    clock.set('2026-11-20T21:00:00Z');
    await report();
    await updateCheck(deps, check.id, { paused: true });
    expect(await getCheck(db, check.id)).toMatchObject({ paused: true, nextDueAt: null, overdueAt: null });
    clock.set('2026-11-25T00:00:00Z');
    expect(await tick()).toEqual({ marked: 0 });
    const resumed = await updateCheck(deps, check.id, { paused: false });
    expect(resumed).toMatchObject({ status: 'success', nextDueAt: '2026-11-26T00:00:00.000Z' });
  });

  it('a report to a paused check is kept but arms nothing', async () => {
    const check = await scheduledCheck(daily);
    await updateCheck(deps, check.id, { paused: true });
    await report();
    expect(await getCheck(db, check.id)).toMatchObject({ status: 'success', nextDueAt: null });
  });

  it('a new schedule counts from the last report', async () => {
    const check = await scheduledCheck({ type: 'unscheduled' });
    clock.set('2026-11-20T21:00:00Z');
    await report();
    clock.set('2026-11-21T09:00:00Z');
    const edited = await updateCheck(deps, check.id, { schedule: { type: 'interval', every: 1, unit: 'days', overdueAfterMinutes: 30, expectFirstReport: false } });
    expect(edited).toMatchObject({ status: 'success', nextDueAt: '2026-11-21T21:00:00.000Z' });
  });

  it('a new schedule the last report is already too old for makes the check overdue at once, once', async () => {
    const check = await scheduledCheck({ type: 'unscheduled' });
    clock.set('2026-11-01T21:00:00Z');
    await report();
    clock.set('2026-11-21T09:00:00Z');
    const edited = await updateCheck(deps, check.id, { schedule: { type: 'interval', every: 1, unit: 'days', overdueAfterMinutes: 30, expectFirstReport: false } });
    expect(edited).toMatchObject({ status: 'overdue', statusSince: '2026-11-21T09:00:00.000Z', nextDueAt: '2026-11-22T09:00:00.000Z' });
    expect(await statuses(check.id)).toEqual(['success@2026-11-01T21:00:00.000Z', 'overdue@2026-11-21T09:00:00.000Z']);
    expect(await tick()).toEqual({ marked: 0 });
  });

  it('changing other fields leaves the expectation alone', async () => {
    const check = await scheduledCheck(daily);
    clock.set('2026-11-20T21:00:00Z');
    await report();
    clock.set('2026-11-21T10:00:00Z');
    expect(await updateCheck(deps, check.id, { name: 'renamed', schedule: check.schedule })).toMatchObject({ nextDueAt: '2026-11-21T21:00:00.000Z' });
  });
});
