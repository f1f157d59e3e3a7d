import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { openDatabase } from '../src/db/engine.js';
import { cometReport, INBOX, SENDER } from '../bench/reports.js';
import { SmtpClient } from '../bench/smtp-client.js';
import { type TestDatabase, testDatabase } from './helpers/database.js';
import { type ServiceProcess, spawnService } from './helpers/process.js';

// The service in its own process, flooded over real SMTP, its database read directly afterwards.
let dataDir: string;
let database: TestDatabase;
let service: ServiceProcess | null = null;

afterEach(async () => {
  await service?.kill('SIGKILL');
  service = null;
  await database.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function newInstallation(prefix: string) {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  database = await testDatabase(dataDir);
}

interface Sent {
  acknowledged: Map<string, number>;
  refused: string[];
}

const messageIdOf = (raw: string) => /^Message-ID: (.*)$/m.exec(raw)![1]!.trim();

/** `connections` senders, each sending report after report on its own connection until `stop` resolves. */
async function flood(port: number, connections: number, stop: Promise<void>, run: string, sent: Sent = { acknowledged: new Map(), refused: [] }): Promise<Sent> {
  let stopped = false;
  void stop.then(() => (stopped = true));
  let n = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      let client: SmtpClient | null = null;
      while (!stopped) {
        const raw = cometReport(n++, 40, 4096, run).raw;
        try {
          client ??= await SmtpClient.open('127.0.0.1', port);
          const { reply } = await client.send({ from: SENDER, to: INBOX }, raw);
          if (reply.code === 250) sent.acknowledged.set(messageIdOf(raw), Number(/stored as message (\d+)/.exec(reply.text)![1]));
          else sent.refused.push(`${reply.code} ${reply.text}`);
        } catch {
          // The connection broke (the server was killed): whatever it had not answered was not acknowledged.
          client = null;
          if (!stopped) await new Promise((r) => setTimeout(r, 20));
        }
      }
      await client?.quit().catch(() => {});
    }),
  );
  return sent;
}

/** Every acknowledged report is stored once, with an activity; no report is stored twice. */
async function expectAllStoredOnce(sent: Sent) {
  const db = openDatabase(database.config);
  try {
    const stored = new Map<string, { id: number; copies: number; activities: number }>();
    const { rows } = await sql<{ id: number; header: string; activities: number }>`select m.id, m.message_id_header as header, (select count(*) from activities a where a.message_id = m.id) as activities from messages m`.execute(db);
    for (const row of rows) {
      const seen = stored.get(row.header);
      stored.set(row.header, { id: row.id, copies: (seen?.copies ?? 0) + 1, activities: row.activities });
    }
    const lost = [...sent.acknowledged.keys()].filter((id) => !stored.has(id));
    expect(lost, 'acknowledged but not stored').toEqual([]);
    for (const [header, id] of sent.acknowledged) expect(stored.get(header)!.id, header).toBe(id);
    expect([...stored].filter(([, s]) => s.copies > 1).map(([h]) => h), 'stored twice').toEqual([]);
    expect([...stored].filter(([, s]) => s.activities === 0).map(([h]) => h), 'stored without an activity').toEqual([]);
  } finally {
    await db.destroy();
  }
}

/** Another connection holds the lock the service's writer needs, as a slow disk or a busy database would, until `release`. */
async function holdWriteLock(): Promise<() => Promise<void>> {
  if (database.engine === 'postgres') {
    const client = new pg.Client({ connectionString: database.env.BACKWATCH_DATABASE_URL });
    await client.connect();
    await client.query('BEGIN');
    await client.query('LOCK TABLE messages IN EXCLUSIVE MODE');
    return async () => {
      await client.query('ROLLBACK');
      await client.end();
    };
  }
  const blocker = new SQLite(path.join(dataDir, 'backwatch.sqlite'));
  blocker.pragma('busy_timeout = 5000');
  blocker.exec('BEGIN IMMEDIATE');
  return async () => {
    blocker.exec('ROLLBACK');
    blocker.close();
  };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

it('answers 451 4.3.2 when more reports wait for a slowed writer than the queue holds, loses none it acknowledged, and stays within its memory', async () => {
  await newInstallation('bw-overload-');
  service = await spawnService(dataDir, { ...database.env, BACKWATCH_INGEST_QUEUE: '40' });
  let release!: () => void;
  const stop = new Promise<void>((r) => (release = r));
  const load = flood(service.smtpPort, 120, stop, 'overload');
  await sleep(1000);
  const unlock = await holdWriteLock();
  await sleep(2500);
  await unlock();
  await sleep(1000);
  release();
  const sent = await load;

  expect(sent.refused.length).toBeGreaterThan(0);
  expect(new Set(sent.refused.map((r) => r.slice(0, 9)))).toEqual(new Set(['451 4.3.2']));
  // A real load went through around the stall (PostgreSQL's writer is slower than SQLite's on these two cores).
  expect(sent.acknowledged.size).toBeGreaterThan(database.engine === 'postgres' ? 50 : 100);
  expect(service.peakRssMiB()).toBeLessThan(250);
  await service.kill('SIGTERM');
  await expectAllStoredOnce(sent);
}, 60_000);

it('keeps every acknowledged report exactly once, with its activity, when killed with SIGKILL under load', async () => {
  await newInstallation('bw-kill-');
  service = await spawnService(dataDir, database.env);
  let release!: () => void;
  const stop = new Promise<void>((r) => (release = r));
  const progress: Sent = { acknowledged: new Map(), refused: [] };
  const load = flood(service.smtpPort, 40, stop, 'kill', progress);
  // Killed in the middle of a real load: once a hundred are acknowledged (a busy machine takes longer than two seconds).
  for (const started = Date.now(); progress.acknowledged.size <= 100 && Date.now() - started < 20_000; ) await sleep(50);
  await sleep(300);
  await service.kill('SIGKILL');
  release();
  const sent = await load;
  expect(sent.acknowledged.size).toBeGreaterThan(100);

  // Started again on the same data, it opens the database as the kill left it and takes reports again.
  service = await spawnService(dataDir, database.env);
  const health = await fetch(`http://127.0.0.1:${service.httpPort}/api/v1/health`);
  expect(health.status).toBe(200);
  const client = await SmtpClient.open('127.0.0.1', service.smtpPort);
  const after = cometReport(0, 40, 4096, 'after-restart').raw;
  const { reply } = await client.send({ from: SENDER, to: INBOX }, after);
  await client.quit();
  expect(reply.code).toBe(250);
  sent.acknowledged.set(messageIdOf(after), Number(/stored as message (\d+)/.exec(reply.text)![1]));
  await service.kill('SIGTERM');
  await expectAllStoredOnce(sent);
}, 60_000);
