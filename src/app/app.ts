import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import type { Config } from '../config/config.js';
import { CommitQueue } from '../db/commit-queue.js';
import type { Db } from '../db/database.js';
import { migrateToLatest } from '../db/migrator.js';
import { type Clock, systemClock } from '../shared/clock.js';
import { createHttpClient } from '../shared/http-client.js';
import { createLogger, type Logger } from '../shared/logger.js';
import { LiveEvents } from '../shared/events.js';
import type { TimedLoop } from '../shared/timed-loop.js';
import { loadSecretKey, SecretBox } from '../shared/secrets.js';
import { packageVersion, projectRoot } from '../shared/version.js';
import type { Alerting } from '../modules/alerts/alerts.raise.js';
import { TemplateSet } from '../modules/alerts/alerts.templates.js';
import { createApi } from '../modules/api/api.app.js';
import type { ChannelDeps } from '../modules/channels/channels.usecases.js';
import { DeliveryWorker } from '../modules/deliveries/deliveries.worker.js';
import { TICKETING_TYPES } from '../modules/channels/channels.registry.js';
import { CheckCatalog } from '../modules/evaluation/evaluation.catalog.js';
import { createSmtpServer } from '../modules/ingest/ingest.smtp.js';
import { ingestMessage } from '../modules/ingest/ingest.usecase.js';
import { retentionLoop } from '../modules/messages/messages.retention.js';
import { Scheduler } from '../modules/schedule/schedule.runner.js';
import { OrganizationSettingsStore } from '../modules/settings/console-settings.js';
import { Formats } from '../modules/formats/formats.runtime.js';
import { FORMAT_RUNTIMES } from '../modules/formats/formats.runtimes.js';
import { rpoLoop } from '../modules/jobs/jobs.rpo.js';
import { JobSettingsStore } from '../modules/jobs/jobs.settings.js';
import { NotificationDefaults } from '../modules/settings/notification-defaults.js';
import { LoginThrottle } from '../modules/sessions/sessions.throttle.js';
import { verifySecretKey } from './secret-key-check.js';
import { startStorage } from './storage.js';
import { aloneBus, type Bus, postgresBus } from '../modules/nodes/nodes.bus.js';
import { Heartbeat } from '../modules/nodes/nodes.heartbeat.js';
import { createHttpApp } from './http.js';
import { startPersonal } from './personal.js';
import { personalSender } from '../modules/personal/personal.sender.js';

export interface RunningService {
  smtpPort: number;
  httpPort: number;
  db: Db;
  logger: Logger;
  scheduler: Scheduler;
  deliveries: DeliveryWorker;
  retention: TimedLoop;
  /** Stops SMTP, then HTTP, the scheduler and the delivery worker, then finishes pending writes and closes the database. */
  stop(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  logger?: Logger;
  /** For tests of the retry schedule: the jitter's source of randomness. */
  random?: () => number;
  /** For tests of the live stream: its heartbeat, at which it also checks its session. */
  liveHeartbeatMs?: number;
}

/** The composition root: builds every part once, wires them, and starts the listeners. */
export async function startService(config: Config, options: StartOptions = {}): Promise<RunningService> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger(config.logLevel);
  let stopOnFailure = () => {};
  const storage = await startStorage(
    config.database,
    () => ({
      alerting: { defaults: notificationDefaults.get(), timezone: organization.get().timezone, publicUrl, retryHours: config.deliveryRetryHours, ticketingTypes: TICKETING_TYPES, media: personal.org.available() },
      jobs: jobSettings.get(),
      ...formats.writerSettings(),
    }),
    logger.child({ module: 'database' }),
    (error) => {
      if (!error) return;
      // Nothing acknowledged is lost (a 250 follows the commit); stop, so that a supervisor starts the service again.
      logger.fatal({ err: error }, 'the database thread stopped; stopping the service');
      process.exitCode = 1;
      stopOnFailure();
    },
  );
  const { db, writer, overduePass } = storage;
  const box = new SecretBox(loadSecretKey(config.secretKey, config.dataDir));
  try {
    const applied = await migrateToLatest(db);
    if (applied.length) logger.info({ applied }, 'database migrated');
    await verifySecretKey(db, box);
  } catch (e) {
    await storage.close();
    throw e;
  }
  const http = createHttpClient(config.outbound);
  const templates = TemplateSet.load([path.join(projectRoot(), 'templates'), config.templatesDir]);
  // Several nodes may share the database: settings changed here are announced to the others, which reload them.
  let bus: Bus = aloneBus;
  const settingsChanged = () => bus.announce({ type: 'settings' });
  const notificationDefaults = new NotificationDefaults(db, settingsChanged);
  await notificationDefaults.load();
  const organization = new OrganizationSettingsStore(db, { timezone: config.timezone }, settingsChanged);
  await organization.load();
  const jobSettings = new JobSettingsStore(db, settingsChanged);
  await jobSettings.load();
  const formats = new Formats({ db, jobs: jobSettings, timezone: () => organization.get().timezone, runtimes: FORMAT_RUNTIMES }, settingsChanged);
  await formats.start();
  const readContext = formats.readContext.bind(formats);
  const personal = await startPersonal({
    db,
    box,
    http,
    templates,
    clock,
    consoleOrigin: config.consoleOrigin,
    timezone: () => organization.get().timezone,
    publicUrl: () => publicUrl,
    changed: settingsChanged,
  });
  const reloadSettings = () =>
    Promise.all([notificationDefaults.load(), organization.load(), jobSettings.load(), formats.reload(), personal.org.load()]).catch((err) =>
      logger.warn({ err }, 'reloading the settings another node changed failed'),
    );

  const { inbox } = config;
  // Without BACKWATCH_PUBLIC_URL, links name the port the HTTP server really listens on (it may be asked for port 0).
  let publicUrl = config.publicUrl;
  const version = packageVersion();
  const startedAt = clock.now().toISOString();
  let smtpRunning = false;
  let smtpPort = 0;
  const catalog = new CheckCatalog(db, logger.child({ module: 'catalog' }));
  const commits = new CommitQueue(db, { lingerMs: 1 });
  const deliveries = new DeliveryWorker(
    { db, clock, logger: logger.child({ module: 'deliveries' }), box, http, templates, personal: personalSender(personal), random: options.random },
    { sendTimeoutMs: config.deliveryTimeoutMs },
  );
  // Every node's worker may send what was queued (and takes over what a dead node was sending when its lease runs out).
  const wakeDeliveries = () => {
    deliveries.wake();
    bus.announce({ type: 'deliveries' });
  };
  const alerting: Alerting = {
    defaults: () => notificationDefaults.get(),
    get timezone() {
      return organization.get().timezone;
    },
    get publicUrl() {
      return publicUrl;
    },
    retryHours: config.deliveryRetryHours,
    ticketingTypes: TICKETING_TYPES,
    get media() {
      return personal.org.available();
    },
    // Told inside the transaction that queued them. On PostgreSQL the worker reads on another
    // connection and sees them only once that commits: it looks again a moment later.
    queued: () => {
      wakeDeliveries();
      if (storage.engine === 'postgres') setTimeout(wakeDeliveries, 200).unref();
    },
  };
  const live = new LiveEvents(options.liveHeartbeatMs);
  const nodeName = config.nodeName ?? `${os.hostname()}:${process.pid}`;
  const heartbeat = new Heartbeat(
    { db, clock, logger: logger.child({ module: 'nodes' }) },
    { id: `${nodeName}/${crypto.randomBytes(4).toString('hex')}`, name: nodeName, version, runs: { engine: storage.engine, smtp: '', http: '' }, startedAt },
  );
  const schedulerLogger = logger.child({ module: 'scheduler' });
  const scheduler = new Scheduler({
    db,
    clock,
    logger: schedulerLogger,
    pass: async (now) => {
      const outcome = await overduePass(now);
      for (const m of outcome.marks) live.publish({ type: 'activity', checkId: m.checkId, activityId: m.activityId, status: 'overdue', at: m.at });
      for (const e of outcome.errors) schedulerLogger.error({ checkId: e.checkId, err: e.error }, e.message);
      if (outcome.alertsQueued) wakeDeliveries();
      return outcome;
    },
  });
  const retention = retentionLoop({ db, clock, logger: logger.child({ module: 'retention' }), retentionDays: () => organization.get().retentionDays });
  const rpo = rpoLoop({
    db,
    alerting,
    clock,
    settings: () => jobSettings.get(),
    logger: logger.child({ module: 'rpo' }),
    marked: (m) => live.publish({ type: 'activity', checkId: m.checkId, activityId: m.activityId, status: 'warning', at: m.at }),
  });
  const checksChanged = () => {
    catalog.invalidate();
    scheduler.wake();
    live.publish({ type: 'checks' });
  };
  // Checks that ingestion itself made or changed (discovery) reach the catalog with its next
  // look at the revision, within a second: reloading a thousand checks for every one discovered in
  // a first night's burst would cost far more, and until then a discovered item finds its check by key.
  const checksChangedByIngest = () => {
    scheduler.wake();
    live.publish({ type: 'checks' });
  };
  const channels: ChannelDeps = {
    db,
    clock,
    box,
    http,
    templates,
    get timezone() {
      return organization.get().timezone;
    },
    get publicUrl() {
      return publicUrl;
    },
  };

  const smtp = createSmtpServer(config.smtp, {
    inbox,
    logger: logger.child({ module: 'smtp' }),
    now: () => clock.now(),
    ingest: async (input) => {
      const stored = await ingestMessage({ writer, catalog, inbox, readContext, checksChanged: checksChangedByIngest, alertsQueued: () => wakeDeliveries() }, input);
      live.publish({ type: 'message', messageId: stored.messageId, matched: stored.activities.length > 0 });
      const at = input.receivedAt.toISOString();
      for (const a of stored.activities) live.publish({ type: 'activity', checkId: a.checkId, activityId: a.id, status: a.status, at });
      return stored;
    },
  });

  const api = createApi({
    db,
    clock,
    logger: logger.child({ module: 'api' }),
    inbox,
    catalog,
    get timezone() {
      return organization.get().timezone;
    },
    organization,
    alerting,
    channels,
    notificationDefaults,
    deliveries: { wake: () => wakeDeliveries(), retryHours: config.deliveryRetryHours },
    checksChanged,
    checksChangedByIngest,
    live,
    formats,
    readContext,
    jobSettings,
    commits,
    accounts: { db, clock, box, throttle: new LoginThrottle(db, clock), publicUrl: config.consoleOrigin },
    about: async () => ({
      version,
      startedAt,
      database: storage.describe,
      smtp: { running: smtpRunning, address: `${config.smtp.host}:${smtpPort}` },
      scheduler: { running: scheduler.active },
      deliveries: { running: deliveries.active },
      inbox: inbox.address,
      node: nodeName,
      nodes: (await heartbeat.alive()).map(({ name, version, startedAt, heartbeatAt, runs }) => ({ name, version, startedAt, heartbeatAt, runs })),
    }),
    personal,
    maxMessageBytes: config.smtp.maxMessageBytes,
    version,
  });
  const httpApp = createHttpApp(api, logger.child({ module: 'http' }));

  smtpPort = await smtp.listen();
  smtpRunning = true;
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: httpApp.fetch, hostname: config.http.host, port: config.http.port }, () => resolve(s));
    s.once('error', reject);
  });
  const httpPort = (server.address() as AddressInfo).port;
  if (!config.consoleOrigin) publicUrl = `http://${config.http.host}:${httpPort}`;
  if (config.database.kind === 'postgres') {
    bus = await postgresBus({ db, config: config.database, nodeId: heartbeat.id, logger: logger.child({ module: 'nodes' }) }, (event) => {
      if (event.type === 'settings') return void reloadSettings();
      if (event.type === 'deliveries') return deliveries.wake();
      live.receive(event.event);
      // Another node changed checks: the catalog would see the revision within a second by itself, and the scheduler may have an earlier deadline.
      if (event.event.type === 'checks') {
        catalog.invalidate();
        scheduler.wake();
      }
    });
    live.relayTo((event) => bus.announce({ type: 'live', event }));
  }
  heartbeat.update({ engine: storage.engine, smtp: `${config.smtp.host}:${smtpPort}`, http: `${config.http.host}:${httpPort}` });
  heartbeat.start();
  scheduler.start();
  deliveries.start();
  retention.start();
  rpo.start();
  logger.info({ smtp: `${config.smtp.host}:${smtpPort}`, http: `${config.http.host}:${httpPort}`, inbox: inbox.address, database: storage.describe }, 'backwatch started');

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      await smtp.close();
      smtpRunning = false;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await scheduler.stop();
      await retention.stop();
      await rpo.stop();
      await heartbeat.stop();
      await deliveries.stop();
      await commits.drain();
      await http.close();
      await bus.close();
      await storage.close();
      logger.info('backwatch stopped');
    })());

  stopOnFailure = () => void stop();
  return { smtpPort, httpPort, db, logger, scheduler, deliveries, retention, stop };
}
