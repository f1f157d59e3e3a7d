import { parentPort, workerData } from 'node:worker_threads';
import { CommitQueue } from '../db/commit-queue.js';
import { Turns } from '../shared/turns.js';
import { kyselyOn, openSqliteConnection } from '../db/database.js';
import { sqliteRequestHandlers } from '../db/sqlite-thread.host.js';
import { announce, serveRequests } from '../shared/thread-rpc.js';
import type { WriterSettings } from '../modules/ingest/ingest.commit.js';
import { groupCommitWriter } from '../modules/ingest/ingest.writer.js';
import { overduePass } from '../modules/schedule/schedule.pass.js';
import { type PlanOnTheWire, planOffTheWire } from './database-thread.wire.js';

/**
 * The database thread: it owns the SQLite connection, so every statement,
 * commit and fsync runs here and never on the main thread's event loop. It
 * answers the main thread's queries and stores received messages, many to a
 * transaction (group commit), while the main thread goes on reading and
 * judging the next ones.
 */
const port = parentPort!;
const { dataDir } = workerData as { dataDir: string };

try {
  const sqlite = openSqliteConnection(dataDir);
  const lock = new Turns();
  const db = kyselyOn(sqlite);
  const commits = new CommitQueue(db, { exclusive: (transaction) => lock.run(transaction) });
  let settings: WriterSettings | null = null;
  const write = groupCommitWriter(commits, () => settings!);
  serveRequests(port, {
    ...sqliteRequestHandlers(sqlite, lock),
    settings: (s: WriterSettings) => {
      settings = s;
    },
    ingest: (request: PlanOnTheWire) => write(planOffTheWire(request)),
    // The scheduler's overdue pass, here next to the connection: as the main thread's it cost a round trip per statement.
    overdue: ({ now }: { now: string }) => overduePass(db, settings!.alerting, new Date(now), (batch) => lock.run(batch)),
    close: async () => {
      await commits.drain();
      await lock.run(async () => sqlite.close());
    },
  });
  announce(port);
} catch (e) {
  announce(port, e);
}
