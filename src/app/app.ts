import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Config } from '../config/config.js';
import { CommitQueue } from '../db/commit-queue.js';
import { type Db, openSqlite } from '../db/database.js';
import { migrateToLatest } from '../db/migrator.js';
import { type Clock, systemClock } from '../shared/clock.js';
import { createLogger, type Logger } from '../shared/logger.js';
import { packageVersion } from '../shared/version.js';
import { createApi } from '../modules/api/api.app.js';
import { CheckCatalog } from '../modules/evaluation/evaluation.catalog.js';
import { createSmtpServer } from '../modules/ingest/ingest.smtp.js';
import { ingestMessage } from '../modules/ingest/ingest.usecase.js';
import { Scheduler } from '../modules/schedule/schedule.runner.js';
import { createHttpApp } from './http.js';

export interface RunningService {
  smtpPort: number;
  httpPort: number;
  db: Db;
  logger: Logger;
  scheduler: Scheduler;
  /** Stops SMTP, then HTTP, then finishes pending writes and closes the database. */
  stop(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  logger?: Logger;
}

/** The composition root: builds every part once, wires them, and starts the listeners. */
export async function startService(config: Config, options: StartOptions = {}): Promise<RunningService> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger(config.logLevel);
  const db = openSqlite(config.dataDir);
  const applied = await migrateToLatest(db);
  if (applied.length) logger.info({ applied }, 'database migrated');

  const catalog = new CheckCatalog(db, logger.child({ module: 'catalog' }));
  const commits = new CommitQueue(db, { lingerMs: 1 });
  const inbox = config.inbox;
  const timezone = config.timezone;
  const scheduler = new Scheduler({ db, clock, timezone, logger: logger.child({ module: 'scheduler' }) });
  const checksChanged = () => {
    catalog.invalidate();
    scheduler.wake();
  };

  const smtp = createSmtpServer(config.smtp, {
    inbox,
    logger: logger.child({ module: 'smtp' }),
    now: () => clock.now(),
    ingest: (input) => ingestMessage({ commits, catalog, inbox, timezone }, input),
  });

  const api = createApi({
    db,
    clock,
    logger: logger.child({ module: 'api' }),
    inbox,
    catalog,
    timezone,
    checksChanged,
    maxMessageBytes: config.smtp.maxMessageBytes,
    version: packageVersion(),
  });
  const http = createHttpApp(api, logger.child({ module: 'http' }));

  const smtpPort = await smtp.listen();
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: http.fetch, hostname: config.http.host, port: config.http.port }, () => resolve(s));
    s.once('error', reject);
  });
  const httpPort = (server.address() as AddressInfo).port;
  scheduler.start();
  logger.info({ smtp: `${config.smtp.host}:${smtpPort}`, http: `${config.http.host}:${httpPort}`, inbox: inbox.address, dataDir: config.dataDir }, 'backwatch started');

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      await smtp.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await scheduler.stop();
      await commits.drain();
      await db.destroy();
      logger.info('backwatch stopped');
    })());

  return { smtpPort, httpPort, db, logger, scheduler, stop };
}
