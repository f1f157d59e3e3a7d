import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Kysely } from 'kysely';
import type { Db } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { ThreadSqliteDialect } from '../db/sqlite-thread.dialect.js';
import { ThreadClient } from '../shared/thread-rpc.js';
import { projectRoot } from '../shared/version.js';
import type { IngestOutcome, WriterSettings } from '../modules/ingest/ingest.commit.js';
import type { PlanOnTheWire } from './database-thread.wire.js';
import type { OverdueOutcome } from '../modules/schedule/schedule.pass.js';
import type { IngestWriter } from '../modules/ingest/ingest.writer.js';

// The compiled worker, also when this module runs from src/ under the test runner (which builds dist/ first).
const WORKER = pathToFileURL(path.join(projectRoot(), 'dist/src/app/database-thread.worker.js'));

const sameSettings = (a: WriterSettings, b: WriterSettings) =>
  a.jobs === b.jobs &&
  a.formats === b.formats &&
  a.formatState === b.formatState &&
  a.alerting.defaults === b.alerting.defaults &&
  a.alerting.timezone === b.alerting.timezone &&
  a.alerting.publicUrl === b.alerting.publicUrl &&
  a.alerting.retryHours === b.alerting.retryHours &&
  a.alerting.ticketingTypes === b.alerting.ticketingTypes &&
  a.alerting.media === b.alerting.media;

export interface DatabaseThread {
  /** Kysely for the main thread: its queries run on the database thread. */
  db: Db;
  /** Stores a judged message on the database thread, in its next group commit. */
  writer: IngestWriter;
  /** Runs the scheduler's overdue pass on the database thread, as of `now`. */
  overduePass: (now: Date) => Promise<OverdueOutcome>;
}

/**
 * Starts the thread that owns the embedded database. The settings the writer
 * needs are read at each write and sent ahead of it when they changed.
 */
export async function startDatabaseThread(dataDir: string, settings: () => WriterSettings, onExit: (error: Error | null) => void): Promise<DatabaseThread> {
  const thread = await ThreadClient.start(WORKER, { workerData: { dataDir } }, onExit);
  let sent: WriterSettings | null = null;
  const sync = () => {
    const current = settings();
    if (!sent || !sameSettings(sent, current)) thread.notify('settings', (sent = current));
  };
  const writer: IngestWriter = (plan) => {
    sync();
    // The small parts as JSON (V8's structured clone of a plan cost twice as much on each side), the large
    // texts apart, which cross as they are instead of being escaped into the JSON and read out of it again.
    const { raw, logs, parsed, ...rest } = plan;
    const { text, html, ...head } = parsed;
    return thread.request<IngestOutcome>('ingest', { plan: JSON.stringify({ ...rest, parsed: head }), text, html, logs, raw } satisfies PlanOnTheWire);
  };
  const overduePass = (now: Date) => {
    sync();
    return thread.request<OverdueOutcome>('overdue', { now: now.toISOString() });
  };
  return { db: new Kysely<Database>({ dialect: new ThreadSqliteDialect(thread) }), writer, overduePass };
}
