import { openTestDb } from '../../../test/helpers/database.js';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Db } from '../../db/database.js';
import { fixedClock } from '../../shared/clock.js';
import { createLogger } from '../../shared/logger.js';
import { testAlerting } from '../../../test/helpers/alerting.js';
import { createCheckSchema } from '../checks/checks.schemas.js';
import { createCheck } from '../checks/checks.usecases.js';
import { CheckCatalog } from './evaluation.catalog.js';

let database: Awaited<ReturnType<typeof openTestDb>>;
let db: Db;
let catalog: CheckCatalog;

beforeEach(async () => {
  database = await openTestDb();
  db = database.db;
  catalog = new CheckCatalog(db, createLogger('silent'));
});

afterEach(async () => {
  await database.close();
});

const newCheck = (name: string) =>
  createCheck(
    { db, clock: fixedClock('2026-12-01T00:00:00Z'), timezone: 'UTC', alerting: testAlerting(), checksChanged: () => catalog.invalidate() },
    createCheckSchema.parse({ name, matching: { rules: [{ field: 'subject', operator: 'contains', value: name }] } }),
  );

it('answers every caller with the checks being loaded, never the older set, while the first look is under way', async () => {
  await newCheck('Documents');
  const answers = await Promise.all(Array.from({ length: 5 }, () => catalog.current()));
  for (const set of answers) expect(set.checks.map((c) => c.alias)).toEqual(['documents']);
});

it('a change made while a look is under way is seen by the callers after it', async () => {
  await newCheck('Documents');
  const first = catalog.current();
  await newCheck('Pictures');
  const second = await catalog.current();
  expect(second.checks.map((c) => c.alias).sort()).toEqual(['documents', 'pictures']);
  expect((await first).checks.length).toBeGreaterThanOrEqual(1);
});

it('looks for changes made elsewhere once a second without making callers wait for the look', async () => {
  await newCheck('Documents');
  catalog = new CheckCatalog(db, createLogger('silent'), 0);
  const first = await catalog.current();
  // Another process adds a check: this catalog hears of it only from the database.
  const other = new CheckCatalog(db, createLogger('silent'));
  await createCheck(
    { db, clock: fixedClock('2026-12-01T00:00:00Z'), timezone: 'UTC', alerting: testAlerting(), checksChanged: () => other.invalidate() },
    createCheckSchema.parse({ name: 'Pictures', matching: { rules: [{ field: 'subject', operator: 'contains', value: 'Pictures' }] } }),
  );
  // The look starts with this call, which is answered from the set in hand…
  expect(await catalog.current()).toBe(first);
  await new Promise((r) => setTimeout(r, 20));
  // …and the next call has the new check.
  expect((await catalog.current()).checks.map((c) => c.alias).sort()).toEqual(['documents', 'pictures']);
});
