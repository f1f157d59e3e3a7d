import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { cometReport, INBOX, SENDER } from '../bench/reports.js';
import { SmtpClient } from '../bench/smtp-client.js';
import { type ServiceProcess, spawnService } from './helpers/process.js';

// The service in its own process, flooded over real SMTP, its SQLite file read directly afterwards.
let dataDir: string;
let service: ServiceProcess | null = null;

afterEach(async () => {
  await service?.kill('SIGKILL');
  service = null;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

interface Sent {
  acknowledged: Map<string, number>;
  refused: string[];
}

const messageIdOf = (raw: string) => /^Message-ID: (.*)$/m.exec(raw)![1]!.trim();

/** `connections` senders, each sending report after report on its own connection until `stop` resolves. */
async function flood(port: number, connections: number, stop: Promise<void>, run: string): Promise<Sent> {
  const sent: Sent = { acknowledged: new Map(), refused: [] };
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
function expectAllStoredOnce(sent: Sent) {
  const db = new SQLite(path.join(dataDir, 'backwatch.sqlite'), { readonly: true });
  try {
    const stored = new Map<string, { id: number; copies: number; activities: number }>();
    const rows = db
      .prepare('select m.id, m.message_id_header as header, (select count(*) from activities a where a.message_id = m.id) as activities from messages m')
      .all() as { id: number; header: string; activities: number }[];
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
    db.close();
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

it('answers 451 4.3.2 when more reports wait for a slowed writer than the queue holds, loses none it acknowledged, and stays within its memory', async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bw-overload-'));
  service = await spawnService(dataDir, { BACKWATCH_INGEST_QUEUE: '40' });
  // Another connection takes SQLite's write lock and holds it: the service's writer waits as it would for a slow disk.
  const blocker = new SQLite(path.join(dataDir, 'backwatch.sqlite'));
  blocker.pragma('busy_timeout = 5000');
  let release!: () => void;
  const stop = new Promise<void>((r) => (release = r));
  const load = flood(service.smtpPort, 120, stop, 'overload');
  await sleep(500);
  blocker.exec('BEGIN IMMEDIATE');
  await sleep(2500);
  blocker.exec('ROLLBACK');
  blocker.close();
  await sleep(1000);
  release();
  const sent = await load;

  expect(sent.refused.length).toBeGreaterThan(0);
  expect(new Set(sent.refused.map((r) => r.slice(0, 9)))).toEqual(new Set(['451 4.3.2']));
  expect(sent.acknowledged.size).toBeGreaterThan(100);
  expect(service.peakRssMiB()).toBeLessThan(250);
  await service.kill('SIGTERM');
  expectAllStoredOnce(sent);
}, 60_000);

it('keeps every acknowledged report exactly once, with its activity, when killed with SIGKILL under load', async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bw-kill-'));
  service = await spawnService(dataDir);
  let release!: () => void;
  const stop = new Promise<void>((r) => (release = r));
  const load = flood(service.smtpPort, 40, stop, 'kill');
  await sleep(2000);
  await service.kill('SIGKILL');
  release();
  const sent = await load;
  expect(sent.acknowledged.size).toBeGreaterThan(100);

  // Started again on the same data, it opens the database as the kill left it and takes reports again.
  service = await spawnService(dataDir);
  const health = await fetch(`http://127.0.0.1:${service.httpPort}/api/v1/health`);
  expect(health.status).toBe(200);
  const client = await SmtpClient.open('127.0.0.1', service.smtpPort);
  const after = cometReport(0, 40, 4096, 'after-restart').raw;
  const { reply } = await client.send({ from: SENDER, to: INBOX }, after);
  await client.quit();
  expect(reply.code).toBe(250);
  sent.acknowledged.set(messageIdOf(after), Number(/stored as message (\d+)/.exec(reply.text)![1]));
  await service.kill('SIGTERM');
  expectAllStoredOnce(sent);
}, 60_000);
