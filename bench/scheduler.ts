import { TICKETING_TYPES } from '../src/modules/channels/channels.registry.js';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { startStorage } from '../src/app/storage.js';
import { parseConfig } from '../src/config/config.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { createLogger } from '../src/shared/logger.js';
import { BUILT_IN_DEFAULTS } from '../src/modules/alerts/alerts.options.js';
import { nextDeadline } from '../src/modules/schedule/schedule.repository.js';
import { defaultFormatWriterSettings } from '../src/modules/formats/formats.runtime.js';
import { DEFAULT_JOB_SETTINGS } from '../src/modules/jobs/jobs.settings.js';
import { percentile } from './stats.js';

const NOW = new Date('2026-11-20T12:00:00Z');
const SCHEDULE = JSON.stringify({ type: 'interval', every: 1, unit: 'days', overdueAfterMinutes: 30, expectFirstReport: false });
const iso = (offsetMs: number) => new Date(NOW.getTime() + offsetMs).toISOString();

type Db = import('../src/db/database.js').Db;

/** `count` scheduled checks, each waiting for a report due some time in the next day. */
async function seed(db: Db, count: number) {
  const rules = JSON.stringify({ useAddress: true, mode: 'all', rules: [], condenseWhitespace: true, combineAttachments: true });
  const status = JSON.stringify({ default: 'failure', success: null, warning: null, failure: null });
  for (let first = 0; first < count; first += 2000) {
    const rows = [];
    for (let i = first; i < Math.min(count, first + 2000); i++) {
      const due = 60_000 + ((i * 7919) % 86_400_000);
      rows.push({
        name: `check ${i}`,
        alias: `check-${i}`,
        description: '',
        matching: rules,
        status_rules: status,
        schedule: SCHEDULE,
        status: 'success',
        due_at: iso(due),
        deadline_at: iso(due + 30 * 60_000),
        created_at: NOW.toISOString(),
        updated_at: NOW.toISOString(),
      });
    }
    await db.insertInto('checks').values(rows).execute();
  }
}

/** Moves `count` checks' deadlines into the past, so the next tick finds them due. */
async function makeDue(db: Db, count: number) {
  const ids = (await db.selectFrom('checks').select('id').orderBy('id').limit(count).execute()).map((r) => r.id);
  for (let i = 0; i < ids.length; i += 500) {
    await db.updateTable('checks').set({ due_at: iso(-40 * 60_000), deadline_at: iso(-10 * 60_000) }).where('id', 'in', ids.slice(i, i + 500)).execute();
  }
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

export interface SchedulerFigure {
  due: number;
  runs: number;
  p50Ms: number;
  maxMs: number;
  marked: number;
}

/**
 * The scheduler's tick (markOverdueChecks, plus the query for its next wake-up)
 * against `scheduled` checks, with 0, 100 and 10,000 due, on the storage the
 * service would open with `engineEnv`: a real SQLite file, the pass on the
 * database thread; or the PostgreSQL database it names, the pass on a pool in
 * this process.
 */
export async function runSchedulerBench(scheduled: number, log: (line: string) => void, engineEnv: NodeJS.ProcessEnv): Promise<SchedulerFigure[]> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'backwatch-bench-scheduler-'));
  const settings = { alerting: { defaults: BUILT_IN_DEFAULTS, timezone: 'UTC', publicUrl: 'http://bench', retryHours: 24, ticketingTypes: TICKETING_TYPES, media: [] }, jobs: DEFAULT_JOB_SETTINGS, ...defaultFormatWriterSettings() };
  const { database } = parseConfig({ ...process.env, ...engineEnv, BACKWATCH_DATA_DIR: dir });
  const storage = await startStorage(database, () => settings, createLogger('warn'), () => {});
  const { db, overduePass } = storage;
  const figures: SchedulerFigure[] = [];
  try {
    await migrateToLatest(db);
    const started = performance.now();
    await seed(db, scheduled);
    log(`scheduler: ${scheduled} scheduled checks seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    // The service's statistics pass would have analyzed a catalog this size long ago; only seeded, it has not yet.
    if (storage.engine === 'postgres') await sql`analyze checks`.execute(db);
    for (const due of [0, 100, 10_000]) {
      const runs = due === 0 ? 200 : due === 100 ? 20 : 3;
      const times: number[] = [];
      let marked = 0;
      for (let r = 0; r < runs; r++) {
        if (due) await makeDue(db, due);
        times.push(
          await timed(async () => {
            marked += (await overduePass(NOW)).marked;
            await nextDeadline(db);
          }),
        );
      }
      const sorted = times.sort((a, b) => a - b);
      figures.push({ due, runs, p50Ms: percentile(sorted, 50), maxMs: sorted.at(-1)!, marked: marked / runs });
    }
  } finally {
    await storage.close();
    await fs.rm(dir, { recursive: true, force: true });
  }
  return figures;
}

export function formatSchedulerTable(scheduled: number, figures: SchedulerFigure[]): string {
  const rows = [['due checks', 'ticks', 'marked per tick', 'p50 ms per tick', 'max ms'], ...figures.map((f) => [String(f.due), String(f.runs), String(f.marked), f.p50Ms.toFixed(2), f.maxMs.toFixed(2)])];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => r.map((cell, c) => cell.padStart(widths[c]!)).join('  ');
  return [`scheduler tick with ${scheduled} scheduled checks`, line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}
