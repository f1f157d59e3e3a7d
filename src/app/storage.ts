import { CommitQueue } from '../db/commit-queue.js';
import { databaseFile, type Db } from '../db/database.js';
import type { Engine } from '../db/dialect.js';
import type { DatabaseConfig } from '../db/engine.js';
import { openPostgres, redactUrl } from '../db/postgres.js';
import { statisticsLoop } from '../db/postgres-statistics.js';
import type { Logger } from '../shared/logger.js';
import type { WriterSettings } from '../modules/ingest/ingest.commit.js';
import { groupCommitWriter, type IngestWriter } from '../modules/ingest/ingest.writer.js';
import { overduePass, type OverdueOutcome } from '../modules/schedule/schedule.pass.js';
import { lockChecks } from '../modules/checks/checks.repository.js';
import { startDatabaseThread } from './database-thread.js';

export interface Storage {
  engine: Engine;
  /** What the About page says of it (a URL without its password). */
  describe: { kind: Engine; file?: string; url?: string };
  db: Db;
  /** Stores a judged message (group commit); resolves once it is committed. */
  writer: IngestWriter;
  /** The scheduler's overdue pass, run where the connection is. */
  overduePass: (now: Date) => Promise<OverdueOutcome>;
  /** Finishes pending writes and closes the connections. */
  close(): Promise<void>;
}

/**
 * SQLite: the database thread owns the one connection. PostgreSQL: a pool in
 * this process, whose driver does its I/O off the event loop, with the same
 * group-commit writer and overdue pass.
 */
export async function startStorage(config: DatabaseConfig, settings: () => WriterSettings, logger: Logger, onExit: (error: Error | null) => void): Promise<Storage> {
  if (config.kind === 'sqlite') {
    const thread = await startDatabaseThread(config.dataDir, settings, onExit);
    return { engine: 'sqlite', describe: { kind: 'sqlite', file: databaseFile(config.dataDir) }, ...thread, close: () => thread.db.destroy() };
  }
  const db = openPostgres(config);
  const commits = new CommitQueue(db, { lingerMs: 1, beforeBatch: lockChecks, concurrency: 3 });
  const statistics = statisticsLoop(db, logger);
  statistics.start();
  return {
    engine: 'postgres',
    describe: { kind: 'postgres', url: redactUrl(config.url) },
    db,
    writer: groupCommitWriter(commits, settings),
    overduePass: (now) => overduePass(db, settings().alerting, now),
    async close() {
      await statistics.stop();
      await commits.drain();
      await db.destroy();
    },
  };
}
