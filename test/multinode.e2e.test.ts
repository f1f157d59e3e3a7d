import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cometReport, INBOX, SENDER } from '../bench/reports.js';
import { SmtpClient } from '../bench/smtp-client.js';
import type { Db } from '../src/db/database.js';
import { openDatabase } from '../src/db/engine.js';
import { TEST_ENGINE, type TestDatabase, testDatabase } from './helpers/database.js';
import { type ServiceProcess, spawnService } from './helpers/process.js';
import { type Receiver, startReceiver } from './helpers/receiver.js';
import { createApiKey } from './helpers/service.js';
import { sendMail } from './helpers/smtp.js';

// Two backwatch processes on one PostgreSQL, as an MSP runs them behind equal MX records and a load balancer.
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

interface Cluster {
  dirs: string[];
  database: TestDatabase;
  env: Record<string, string>;
  nodes: ServiceProcess[];
  key: string;
  db: Db;
  api<T = any>(node: number, method: string, url: string, body?: unknown): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

async function startCluster(extraEnv: Record<string, string> = {}): Promise<Cluster> {
  const dirs = [0, 1].map(() => fs.mkdtempSync(path.join(os.tmpdir(), 'bw-node-')));
  const database = await testDatabase(dirs[0]!);
  const env = { ...database.env, BACKWATCH_ALLOW_PRIVATE_WEBHOOKS: 'true', BACKWATCH_DELIVERY_TIMEOUT_SECONDS: '2', ...extraEnv };
  // The second node starts on a migrated database, as it would joining a running installation.
  const first = await spawnService(dirs[0]!, { ...env, BACKWATCH_NODE_NAME: 'node-a' });
  const second = await spawnService(dirs[1]!, { ...env, BACKWATCH_NODE_NAME: 'node-b' });
  const nodes = [first, second];
  const key = await createApiKey({ BACKWATCH_DATA_DIR: dirs[0]!, ...env });
  const db = openDatabase(database.config);
  return {
    dirs,
    database,
    env,
    nodes,
    key,
    db,
    async api(node, method, url, body) {
      const res = await fetch(`http://127.0.0.1:${nodes[node]!.httpPort}/api/v1${url}`, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
    },
    async close() {
      await Promise.all(nodes.map((n) => n.kill('SIGTERM')));
      await db.destroy();
      await database.drop();
      for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    },
  };
}

const addressed = (alias: string, subject: string, n: number) =>
  [`From: ${SENDER}`, `To: reports+${alias}@backwatch.local`, `Subject: ${subject}`, `Message-ID: <mn-${n}-${alias}@test>`, `Date: ${new Date().toUTCString()}`, '', `${subject} (${n})`, ''].join('\r\n');

const check = (name: string, group: string) => ({
  name,
  group,
  status: { default: 'failure', success: { rules: [{ field: 'subject', operator: 'contains', value: 'Success' }] } },
});

/** What the receiver got, by check: the webhook's JSON, with its idempotency key. */
const alertsByCheck = (receiver: Receiver) => {
  const by = new Map<number, { key: string; event: string; status: string; activityId: number | null }[]>();
  for (const r of receiver.requests) {
    const body = JSON.parse(r.body);
    const list = by.get(body.check.id) ?? [];
    list.push({ key: String(r.headers['idempotency-key']), event: body.event, status: body.status, activityId: body.activity?.id ?? null });
    by.set(body.check.id, list);
  }
  return by;
};

describe.skipIf(TEST_ENGINE !== 'postgres')('several nodes on one PostgreSQL', () => {
  let cluster: Cluster;
  let receiver: Receiver;
  let channelId: number;

  beforeAll(async () => {
    cluster = await startCluster();
    receiver = await startReceiver();
    channelId = (await cluster.api(0, 'POST', '/channels', { type: 'webhook', name: 'receiver', config: { url: `${receiver.url}/hook` } })).body.id;
  }, 60_000);

  afterAll(async () => {
    await cluster?.close();
    await receiver?.close();
  });

  it('list each other on the About page, with what each runs', async () => {
    const about = await until('both heartbeats', async () => {
      const { body } = await cluster.api(1, 'GET', '/about');
      return body.nodes.length === 2 && body;
    });
    expect(about.node).toBe('node-b');
    expect(about.database.kind).toBe('postgres');
    expect(about.nodes.map((n: { name: string }) => n.name)).toEqual(['node-a', 'node-b']);
    expect(about.nodes[0].runs.smtp).toBe(`127.0.0.1:${cluster.nodes[0]!.smtpPort}`);
  });

  it('store reports for the same checks sent to both at once once each, and leave each check consistent, its alerts sent once each and in order', async () => {
    const group = (await cluster.api(0, 'POST', '/checks', check('Both nodes 0', 'Both nodes'))).body;
    const checks = [group];
    for (let i = 1; i < 8; i++) checks.push((await cluster.api(i % 2, 'POST', '/checks', check(`Both nodes ${i}`, 'Both nodes'))).body);
    const groupId = (await cluster.api(0, 'GET', '/groups')).body.items.find((g: { name: string }) => g.name === 'Both nodes').id;
    expect((await cluster.api(1, 'PATCH', `/groups/${groupId}`, { notifications: { channelIds: [channelId] } })).status).toBe(200);

    // Each check gets reports that flip between failure and success, from both nodes at the same moments.
    const sends: Promise<{ code: number }>[] = [];
    let n = 0;
    for (let round = 0; round < 6; round++) {
      for (const c of checks) {
        for (const node of [0, 1]) {
          const subject = (round + node) % 2 ? 'Success - nightly' : 'Error - nightly';
          sends.push(sendMail(cluster.nodes[node]!.smtpPort, addressed(c.alias, subject, n++), [`reports+${c.alias}@backwatch.local`]));
        }
      }
    }
    const replies = await Promise.all(sends);
    expect(replies.filter((r) => r.code !== 250)).toEqual([]);

    const ids = checks.map((c) => c.id as number);
    const { rows: stored } = await sql<{ n: number; distinct: number }>`select count(*) as n, count(distinct message_id_header) as distinct from messages where message_id_header like '<mn-%'`.execute(cluster.db);
    expect(stored[0]).toEqual({ n: sends.length, distinct: sends.length });

    // Every check shows the status of its newest report, whichever node took which.
    for (const id of ids) {
      const newest = await cluster.db.selectFrom('activities').select('status').where('check_id', '=', id).orderBy('received_at', 'desc').orderBy('id', 'desc').executeTakeFirstOrThrow();
      const { body } = await cluster.api(id % 2, 'GET', `/checks/${id}`);
      expect(body.status, `check ${id}`).toBe(newest.status);
    }

    // Every alert event reaches the receiver once, and a check's reach it in the order they were decided.
    const events = await cluster.db.selectFrom('alert_events').innerJoin('deliveries', 'deliveries.event_id', 'alert_events.id').select(['alert_events.id', 'alert_events.check_id', 'deliveries.idempotency_key']).where('alert_events.check_id', 'in', ids).orderBy('alert_events.id').execute();
    expect(events.length).toBeGreaterThan(ids.length);
    await until('every alert delivered', async () => receiver.requests.filter((r) => r.url === '/hook').length >= events.length, 30_000);
    await sleep(500);
    const received = alertsByCheck(receiver);
    const keys = [...received.values()].flat().map((r) => r.key);
    expect(new Set(keys).size, 'no alert sent twice').toBe(keys.length);
    for (const id of ids) {
      expect(received.get(id)!.map((r) => r.key), `check ${id}: once each, in order`).toEqual(events.filter((e) => e.check_id === id).map((e) => e.idempotency_key));
    }
  }, 90_000);

  it('answer 409, never 500, when both take the same alias at once, and give names made at once aliases of their own', async () => {
    const asked = await Promise.all(Array.from({ length: 10 }, (_, i) => cluster.api(i % 2, 'POST', '/checks', { ...check(`Race ${i}`, 'Race'), alias: 'same-alias' })));
    expect(asked.map((r) => r.status).sort()).toEqual([201, ...Array(9).fill(409)]);
    const made = await Promise.all(Array.from({ length: 10 }, (_, i) => cluster.api(i % 2, 'POST', '/checks', check('Same name', 'Race'))));
    expect(made.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(new Set(made.map((r) => r.body.alias)).size).toBe(10);
  });

  it('a console on one node hears of a report the other stored', async () => {
    const c = (await cluster.api(0, 'POST', '/checks', check('Seen from A', 'Live'))).body;
    // Node B learns of the new check within a second.
    await sleep(1000);
    const controller = new AbortController();
    const res = await fetch(`http://127.0.0.1:${cluster.nodes[0]!.httpPort}/api/v1/events`, { headers: { authorization: `Bearer ${cluster.key}` }, signal: controller.signal });
    const reader = res.body!.getReader();
    await sleep(200);
    expect((await sendMail(cluster.nodes[1]!.smtpPort, addressed(c.alias, 'Success - seen', 1), [`reports+${c.alias}@backwatch.local`])).code).toBe(250);
    let text = '';
    const deadline = Date.now() + 5000;
    while (!text.includes(`"checkId":${c.id}`) && Date.now() < deadline) {
      const chunk = await Promise.race([reader.read(), sleep(deadline - Date.now()).then(() => null)]);
      if (chunk?.value) text += new TextDecoder().decode(chunk.value);
    }
    controller.abort();
    expect(text).toContain(`"checkId":${c.id}`);
    expect(text).toContain('"status":"success"');
  });

  it('mark 500 checks that go overdue in the same second once each, with one alert each', async () => {
    const before = receiver.requests.length;
    const ids: number[] = [];
    for (let i = 0; i < 500; i += 25) {
      const batch = await Promise.all(
        Array.from({ length: 25 }, (_, j) =>
          cluster.api((i + j) % 2, 'POST', '/checks', { ...check(`Overdue ${i + j}`, 'Overdue'), schedule: { type: 'interval', every: 1, unit: 'days', expectFirstReport: true } }),
        ),
      );
      ids.push(...batch.map((r) => r.body.id as number));
    }
    const groupId = (await cluster.api(0, 'GET', '/groups')).body.items.find((g: { name: string }) => g.name === 'Overdue').id;
    await cluster.api(0, 'PATCH', `/groups/${groupId}`, { notifications: { channelIds: [channelId] } });
    // Their first deadline, a day away, brought to two seconds from now for all of them at once.
    const at = new Date(Date.now() + 2000).toISOString();
    await cluster.db.updateTable('checks').set({ due_at: at, deadline_at: at }).where('id', 'in', ids).execute();
    // A change on either node wakes both schedulers (the other hears of it), which then wait for that deadline.
    await cluster.api(1, 'PATCH', `/checks/${ids[0]}`, { description: 'wake the schedulers' });

    await until('500 overdue marks', async () => {
      const { rows } = await sql<{ n: number }>`select count(*) as n from activities where status = 'overdue' and check_id in (${sql.join(ids)})`.execute(cluster.db);
      return rows[0]!.n >= 500;
    });
    await sleep(1500);
    const { rows } = await sql<{ check_id: number; n: number }>`select check_id, count(*) as n from activities where status = 'overdue' and check_id in (${sql.join(ids)}) group by check_id`.execute(cluster.db);
    expect(rows.length).toBe(500);
    expect(rows.filter((r) => r.n !== 1)).toEqual([]);
    const statuses = await cluster.db.selectFrom('checks').select('status').where('id', 'in', ids).execute();
    expect(new Set(statuses.map((s) => s.status))).toEqual(new Set(['overdue']));

    await until('500 overdue alerts', async () => receiver.requests.length - before >= 500, 30_000);
    await sleep(1000);
    const overdueAlerts = receiver.requests.slice(before).map((r) => JSON.parse(r.body)).filter((b) => b.status === 'overdue' && ids.includes(b.check.id));
    expect(overdueAlerts.length).toBe(500);
    expect(new Set(overdueAlerts.map((b) => b.check.id)).size).toBe(500);
  }, 120_000);

  it('retry a failing webhook until it answers, and deliver it exactly once', async () => {
    const flaky = await startReceiver();
    try {
      flaky.respond({ status: 503, body: 'try later' });
      const ch = (await cluster.api(1, 'POST', '/channels', { type: 'webhook', name: 'flaky', config: { url: `${flaky.url}/flaky` } })).body;
      const c = (await cluster.api(0, 'POST', '/checks', { ...check('Flaky receiver', 'Flaky'), notifications: { channelIds: [ch.id] } })).body;
      expect((await sendMail(cluster.nodes[0]!.smtpPort, addressed(c.alias, 'Error - flaky', 1), [`reports+${c.alias}@backwatch.local`])).code).toBe(250);
      // The first retry comes 15 to 30 s after the failure, from whichever node looks first.
      await until('the retry', async () => flaky.requests.length >= 2, 45_000);
      await sleep(1500);
      expect(flaky.requests.length).toBe(2);
      expect(new Set(flaky.requests.map((r) => r.headers['idempotency-key'])).size).toBe(1);
      const delivery = await cluster.db.selectFrom('deliveries').select(['state', 'attempts']).where('channel_id', '=', ch.id).executeTakeFirstOrThrow();
      expect(delivery).toEqual({ state: 'delivered', attempts: 2 });
    } finally {
      await flaky.close();
    }
  }, 60_000);
});

describe.skipIf(TEST_ENGINE !== 'postgres')('a node killed under load', () => {
  it('loses no acknowledged report, doubles none, and the survivor sends what the dead node was sending', async () => {
    const cluster = await startCluster();
    const hanging = await startReceiver();
    try {
      // The dead node's send never gets its answer; the survivor's does.
      hanging.respond({ status: 200, body: 'late', delayMs: 30_000 });
      const ch = (await cluster.api(0, 'POST', '/channels', { type: 'webhook', name: 'hanging', config: { url: `${hanging.url}/slow` } })).body;
      const c = (await cluster.api(0, 'POST', '/checks', { ...check('Leased', 'Leased'), notifications: { channelIds: [ch.id] } })).body;

      let stopped = false;
      const acknowledged = new Map<string, number>();
      let n = 0;
      const flood = Promise.all(
        Array.from({ length: 20 }, async (_, i) => {
          const node = cluster.nodes[i % 2]!;
          let client: SmtpClient | null = null;
          while (!stopped) {
            const raw = cometReport(n++, 20, 2048, 'multinode-kill').raw;
            try {
              client ??= await SmtpClient.open('127.0.0.1', node.smtpPort);
              const { reply } = await client.send({ from: SENDER, to: INBOX }, raw);
              if (reply.code === 250) acknowledged.set(/^Message-ID: (.*)$/m.exec(raw)![1]!.trim(), Number(/stored as message (\d+)/.exec(reply.text)![1]));
            } catch {
              client = null;
              if (node.pid === cluster.nodes[0]!.pid) return;
              await sleep(20);
            }
          }
          await client?.quit().catch(() => {});
        }),
      );
      await sleep(1000);
      // Node A takes the alert and starts sending it (the receiver holds the answer), then dies.
      expect((await sendMail(cluster.nodes[0]!.smtpPort, addressed(c.alias, 'Error - leased', 1), [`reports+${c.alias}@backwatch.local`])).code).toBe(250);
      await until('node A sending', async () => hanging.requests.length >= 1, 10_000);
      await sleep(500);
      await cluster.nodes[0]!.kill('SIGKILL');
      await sleep(1500);
      stopped = true;
      await flood;
      expect(acknowledged.size).toBeGreaterThan(50);

      const { rows } = await sql<{ id: number; header: string; activities: number }>`select m.id, m.message_id_header as header, (select count(*) from activities a where a.message_id = m.id) as activities from messages m where m.message_id_header is not null`.execute(cluster.db);
      const byHeader = new Map<string, { id: number; copies: number; activities: number }>();
      for (const r of rows) byHeader.set(r.header, { id: r.id, copies: (byHeader.get(r.header)?.copies ?? 0) + 1, activities: r.activities });
      expect([...acknowledged.keys()].filter((h) => !byHeader.has(h)), 'acknowledged but not stored').toEqual([]);
      for (const [h, id] of acknowledged) expect(byHeader.get(h)!.id).toBe(id);
      expect([...byHeader].filter(([, s]) => s.copies > 1), 'stored twice').toEqual([]);
      expect([...byHeader].filter(([h, s]) => acknowledged.has(h) && s.activities === 0), 'stored without an activity').toEqual([]);

      // Node B takes the delivery over when the dead node's lease (twice the 2 s send timeout) runs out.
      await until('the survivor takes over', async () => hanging.requests.length >= 2, 20_000);
      const delivery = await until('delivered', async () => {
        const d = await cluster.db.selectFrom('deliveries').select(['state', 'idempotency_key']).where('channel_id', '=', ch.id).executeTakeFirst();
        return d?.state === 'delivered' && d;
      });
      expect(new Set(hanging.requests.map((r) => r.headers['idempotency-key']))).toEqual(new Set([delivery.idempotency_key]));
    } finally {
      await hanging.close();
      await cluster.close();
    }
  }, 120_000);
});
