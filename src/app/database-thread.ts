import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Kysely } from 'kysely';
import type { Db } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { ThreadSqliteDialect } from '../db/sqlite-thread.dialect.js';
import { ThreadClient } from '../shared/thread-rpc.js';
import { projectRoot } from '../shared/version.js';
import type { IngestOutcome, WriterSettings } from '../modules/ingest/ingest.commit.js';
import type { IngestWriter } from '../modules/ingest/ingest.writer.js';

// The compiled worker, also when this module runs from src/ under the test runner (which builds dist/ first).
const WORKER = pathToFileURL(path.join(projectRoot(), 'dist/src/app/database-thread.worker.js'));

const sameSettings = (a: WriterSettings, b: WriterSettings) =>
  a.comet === b.comet &&
  a.webhooksSeen === b.webhooksSeen &&
  a.alerting.defaults === b.alerting.defaults &&
  a.alerting.timezone === b.alerting.timezone &&
  a.alerting.publicUrl === b.alerting.publicUrl &&
  a.alerting.retryHours === b.alerting.retryHours &&
  a.alerting.ticketingTypes === b.alerting.ticketingTypes;

export interface DatabaseThread {
  /** Kysely for the main thread: its queries run on the database thread. */
  db: Db;
  /** Stores a judged message on the database thread, in its next group commit. */
  writer: IngestWriter;
}

/**
 * Starts the thread that owns the embedded database. The settings the writer
 * needs are read at each write and sent ahead of it when they changed.
 */
export async function startDatabaseThread(dataDir: string, settings: () => WriterSettings, onExit: (error: Error | null) => void): Promise<DatabaseThread> {
  const thread = await ThreadClient.start(WORKER, { workerData: { dataDir } }, onExit);
  let sent: WriterSettings | null = null;
  const writer: IngestWriter = (plan) => {
    const current = settings();
    if (!sent || !sameSettings(sent, current)) thread.notify('settings', (sent = current));
    // As JSON: V8's structured clone of a plan (a Comet log is a hundred small objects) cost twice as much on each side.
    const { raw, log, ...rest } = plan;
    return thread.request<IngestOutcome>('ingest', { plan: JSON.stringify(rest), log, raw });
  };
  return { db: new Kysely<Database>({ dialect: new ThreadSqliteDialect(thread) }), writer };
}
