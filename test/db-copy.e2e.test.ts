import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService } from '../src/app/app.js';
import { runCli } from '../src/cli.js';
import { parseConfig } from '../src/config/config.js';
import { databaseFile } from '../src/db/database.js';
import { cometReportEmail } from './helpers/comet-report.js';
import { createPgDatabase, dropPgDatabase, TEST_ENGINE, TEST_SECRET_KEY } from './helpers/database.js';
import { cometCheck, fixture, startTestService, type TestService } from './helpers/service.js';

// The source is an installation on SQLite whatever engine the run is for: empty values count as unset.
const ON_SQLITE = { BACKWATCH_DATABASE_URL: '', BACKWATCH_SECRET_KEY: '' };

interface Snapshot {
  checks: { id: number; name: string; status: string }[];
  activities: Record<number, unknown[]>;
  messages: { id: number }[];
  raws: Record<number, Buffer>;
  channel: unknown;
}

async function cli(args: string[], env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, env, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function raw(svc: TestService, id: number): Promise<Buffer> {
  const res = await fetch(`http://127.0.0.1:${svc.httpPort}/api/v1/messages/${id}/raw`, { headers: { authorization: `Bearer ${svc.key}` } });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

async function snapshot(svc: TestService, channelId: number): Promise<Snapshot> {
  const checks = (await svc.api('GET', '/checks?limit=500')).body.items;
  const activities: Snapshot['activities'] = {};
  for (const check of checks) activities[check.id] = (await svc.api('GET', `/activities?checkId=${check.id}&limit=500`)).body.items;
  const messages = (await svc.api('GET', '/messages?limit=500')).body.items;
  const raws: Snapshot['raws'] = {};
  for (const message of messages) raws[message.id] = await raw(svc, message.id);
  const channel = await svc.api('GET', `/channels/${channelId}`);
  expect(channel.status).toBe(200);
  return { checks, activities, messages, raws, channel: channel.body };
}

/** Rows per table of the source, as the copy should carry them (the old process's heartbeat in `nodes` stays behind). */
function sqliteCounts(dataDir: string): Record<string, number> {
  const db = new SQLite(databaseFile(dataDir), { readonly: true });
  try {
    const tables = db.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite%' and name not like 'kysely%' and name != 'nodes'`).pluck().all() as string[];
    return Object.fromEntries(tables.map((t) => [t, db.prepare(`select count(*) from "${t}"`).pluck().get() as number]));
  } finally {
    db.close();
  }
}

async function onPg<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const pgTables = (url: string) =>
  onPg(url, async (c) => (await c.query<{ name: string }>(`select table_name as name from information_schema.tables where table_schema = current_schema()`)).rows.map((r) => r.name));

/** `  name   123` lines of the copy's report. */
const reportedCounts = (out: string) => Object.fromEntries([...out.matchAll(/^ {2}([a-z_]+) +(\d+)$/gm)].map((m) => [m[1], Number(m[2])]));

describe.skipIf(TEST_ENGINE !== 'postgres')('db copy: an SQLite installation into PostgreSQL', () => {
  let source: TestService;
  let sourceEnv: Record<string, string>;
  let sourceKey: string;
  let before: Snapshot;
  let channelId: number;
  let target: { name: string; url: string };
  const databases: string[] = [];
  const newDatabase = async () => {
    const db = await createPgDatabase();
    databases.push(db.name);
    return db;
  };

  beforeAll(async () => {
    source = await startTestService({ env: ON_SQLITE });
    sourceEnv = { BACKWATCH_DATA_DIR: source.dataDir, ...ON_SQLITE };
    const documents = await source.api('POST', '/checks', cometCheck('Documents', { group: 'Customer A', labels: ['offsite', 'nightly'] }));
    expect(documents.status).toBe(201);
    expect((await source.api('POST', '/checks', { name: 'Mail server', group: 'Customer A', labels: ['mail'] })).status).toBe(201);
    const channel = await source.api('POST', '/channels', { type: 'webhook', name: 'hooks', config: { url: 'https://hooks.example.com/x' } });
    expect(channel.status).toBe(201);
    channelId = channel.body.id;
    for (const name of ['comet-success.eml', 'comet-warning.eml']) expect((await source.send(fixture(name))).code).toBe(250);
    // Reports no check matches: Comet discovers a check (and a job) per protected item.
    const started = new Date('2026-03-02T20:00:00Z');
    for (const [protectedItem, status] of [['Mail', 'Warning'], ['Shares', 'Error']] as const) {
      const report = cometReportEmail({ username: 'alice', device: 'OFFICE-PC', protectedItem, status, started, stopped: new Date(started.getTime() + 240_000), files: 12_000 });
      expect((await source.send(report)).code).toBe(250);
    }
    before = await snapshot(source, channelId);
    await source.stop();
    sourceKey = fs.readFileSync(path.join(source.dataDir, 'secret.key'), 'utf8').trim();
    target = await newDatabase();
  });

  afterAll(async () => {
    await source?.destroy();
    for (const name of databases) await dropPgDatabase(name);
  });

  it('has populated the source installation', () => {
    expect(before.checks.map((c) => [c.name, c.status]).sort()).toEqual([
      ['Documents', 'warning'],
      ['Mail server', 'pending'],
      ['alice: Mail', 'warning'],
      ['alice: Shares', 'failure'],
    ]);
    expect(before.messages).toHaveLength(4);
  });

  it('refuses a key that cannot open the stored secrets, and leaves the target empty', async () => {
    const empty = await newDatabase();
    const wrongKey = await cli(['db', 'copy', '--to', empty.url], { ...sourceEnv, BACKWATCH_SECRET_KEY: TEST_SECRET_KEY });
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.err).toContain('cannot open the secrets');
    expect(await pgTables(empty.url)).toEqual([]);
  });

  it('copies every table, counts checked, and says what to set on every node', async () => {
    const { code, out, err } = await cli(['db', 'copy', '--to', target.url], sourceEnv);
    expect(err).toBe('');
    expect(code).toBe(0);
    const counts = sqliteCounts(source.dataDir);
    expect(counts).toMatchObject({ messages: 4, message_raws: 4, checks: 4, check_groups: 2, check_labels: 5, channels: 1, api_keys: 1 });
    expect(counts.activities).toBeGreaterThan(0);
    expect(counts.jobs).toBeGreaterThan(0);
    expect(reportedCounts(out)).toEqual(counts);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    expect(out).toMatch(new RegExp(`^ {2}total +${total} rows$`, 'm'));
    const inPg = await onPg(target.url, async (c) => {
      const rows: Record<string, number> = {};
      for (const t of Object.keys(counts)) rows[t] = Number((await c.query(`select count(*) as n from "${t}"`)).rows[0].n);
      return rows;
    });
    expect(inPg).toEqual(counts);
    expect(out).toContain(`BACKWATCH_DATABASE_URL=${target.url}`);
    expect(out).toContain(`BACKWATCH_SECRET_KEY=${sourceKey}`);
    expect(out).toContain('keep it secret');
  });

  it('prints the result as JSON with --json', async () => {
    const other = await newDatabase();
    const { code, out } = await cli(['db', 'copy', '--to', other.url, '--json'], sourceEnv);
    expect(code).toBe(0);
    const result = JSON.parse(out);
    const counts = sqliteCounts(source.dataDir);
    expect(Object.fromEntries(result.tables.map((t: { name: string; rows: number }) => [t.name, t.rows]))).toEqual(counts);
    expect(result).toMatchObject({ total: Object.values(counts).reduce((a, b) => a + b, 0), databaseUrl: other.url, secretKey: { from: 'file', value: sourceKey } });
  });

  it('--to must be a PostgreSQL URL', async () => {
    for (const args of [['db', 'copy'], ['db', 'copy', '--to', 'mysql://root@localhost/backwatch']]) {
      const { code, err } = await cli(args, sourceEnv);
      expect(code).toBe(2);
      expect(err).toContain('db copy needs --to postgres://');
    }
  });

  it('refuses a second copy into the now non-empty database, naming its tables', async () => {
    const { code, err } = await cli(['db', 'copy', '--to', target.url, '--json'], sourceEnv);
    expect(code).toBe(1);
    expect(err).toMatch(/not empty \(a backwatch database already\): its schema "public" holds \d+ tables: .*\bchecks\b.*\bmessages\b/);
  });

  it('a service on the copy with another key refuses to start', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bw-copy-'));
    try {
      const env = { BACKWATCH_DATA_DIR: dataDir, BACKWATCH_SMTP_PORT: '0', BACKWATCH_HTTP_PORT: '0', BACKWATCH_LOG_LEVEL: 'silent', BACKWATCH_DATABASE_URL: target.url, BACKWATCH_SECRET_KEY: TEST_SECRET_KEY };
      await expect(startService(parseConfig(env))).rejects.toThrow(/secret key cannot open the secrets/);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('serves the copied installation from PostgreSQL with the source key', async () => {
    const copy = await startTestService({ env: { BACKWATCH_DATABASE_URL: target.url, BACKWATCH_SECRET_KEY: sourceKey }, key: source.key });
    try {
      // The API key made on SQLite authenticates every call here.
      const after = await snapshot(copy, channelId);
      expect(after.checks).toEqual(before.checks);
      expect(after.activities).toEqual(before.activities);
      expect(after.messages).toEqual(before.messages);
      for (const [id, bytes] of Object.entries(before.raws)) expect(after.raws[Number(id)]!.equals(bytes)).toBe(true);
      expect(after.channel).toEqual(before.channel);
      expect(after.channel).toMatchObject({ config: { url: 'https://hooks.example.com/…' }, secretFields: expect.arrayContaining(['url']) });

      const created = await copy.api('POST', '/checks', { name: 'After the move' });
      expect(created.status).toBe(201);
      expect(created.body.id).toBeGreaterThan(Math.max(...before.checks.map((c) => c.id)));
      expect((await copy.send(fixture('comet-success.eml'))).code).toBe(250);
      const newest = (await copy.api('GET', '/messages?limit=1')).body.items[0];
      expect(newest.id).toBeGreaterThan(Math.max(...before.messages.map((m) => m.id)));
      expect((await copy.api('GET', `/checks/${before.checks.find((c) => c.name === 'Documents')!.id}`)).body.status).toBe('success');
    } finally {
      await copy.destroy();
    }
  });
});
