import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDb } from '../../../test/helpers/database.js';
import { testAlerting } from '../../../test/helpers/alerting.js';
import type { Db } from '../../db/database.js';
import { fixedClock } from '../../shared/clock.js';
import { listActivities } from '../activities/activities.repository.js';
import { recordReport } from '../activities/activities.record.js';
import { createCheckSchema } from '../checks/checks.schemas.js';
import { createCheck, getCheck } from '../checks/checks.usecases.js';
import { markRpoBreaches } from './jobs.rpo.js';
import { DEFAULT_JOB_SETTINGS } from './jobs.settings.js';

const DAY = 86_400_000;
let database: Awaited<ReturnType<typeof openTestDb>>;
let db: Db;
let clock: ReturnType<typeof fixedClock>;

beforeEach(async () => {
  database = await openTestDb();
  db = database.db;
  clock = fixedClock('2026-11-20T12:00:00Z');
});
afterEach(() => database.close());

const deps = (rpoDays: number | null = null) => ({ db, clock, alerting: testAlerting(), settings: () => ({ ...DEFAULT_JOB_SETTINGS, rpoDays }) });
const check = async (name: string, rpoDays?: number, paused = false) =>
  (await createCheck({ db, clock, timezone: 'UTC', alerting: testAlerting(), checksChanged: () => {} }, createCheckSchema.parse({ name, paused, ...(rpoDays ? { rpoDays } : {}) }))).id;

async function report(checkId: number, status: 'success' | 'failure') {
  const at = clock.now().toISOString();
  await db.transaction().execute((trx) =>
    recordReport(trx, testAlerting(), {
      activity: { checkId, messageId: null, status, receivedAt: at, subject: status, evaluation: null, createdAt: at },
      next: null,
      text: '',
    }),
  );
}

describe('no good backup for longer than the RPO', () => {
  it('marks a quiet check once per stretch without success, with the reason, and again after the next success goes stale', async () => {
    const id = await check('Nightly', 2);
    await report(id, 'success');
    clock.advance(2 * DAY);
    expect(await markRpoBreaches(deps())).toEqual([]);
    clock.advance(DAY);
    const [mark] = await markRpoBreaches(deps());
    expect(mark).toMatchObject({ checkId: id });
    expect(await markRpoBreaches(deps())).toEqual([]);
    const [activity] = await listActivities(db, { checkId: id }, 1);
    expect(activity).toMatchObject({ status: 'warning', messageId: null, statusSource: 'rpo', reasons: ['No successful backup for 3 days (the last on 2026-11-20; the RPO is 2 days)'] });
    expect((await getCheck(db, id)).status).toBe('warning');

    await report(id, 'success');
    clock.advance(3 * DAY);
    expect(await markRpoBreaches(deps())).toHaveLength(1);
  });

  it('follows the organization, counts from creation without any success, and leaves failing and paused checks alone', async () => {
    const never = await check('Never reported');
    const failing = await check('Failing');
    await report(failing, 'failure');
    await check('Paused', undefined, true);
    clock.advance(8 * DAY);
    expect(await markRpoBreaches(deps(null))).toEqual([]);
    const marks = await markRpoBreaches(deps(7));
    expect(marks.map((m) => m.checkId)).toEqual([never]);
    expect((await listActivities(db, { checkId: never }, 1))[0]!.reasons).toEqual(['No successful backup since the check was created 8 days ago (the RPO is 7 days)']);
    expect((await getCheck(db, failing)).status).toBe('failure');
  });
});
