import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { cometReportEmail } from './helpers/comet-report.js';
import { type ConsoleClient, loggedIn } from './helpers/console-client.js';
import { openEventStream } from './helpers/event-stream.js';
import { type FakeVendor, startFakeVendor } from './helpers/fake-vendor.js';
import { type Receiver, startReceiver } from './helpers/receiver.js';
import { startTestService, type TestService } from './helpers/service.js';

// Two customers, Acme and Beta, each with checks, reports, jobs, alerts and tickets; a check of nobody's group;
// a technician limited to Acme, a viewer and an administrator who see everything.
let svc: TestService;
let receiver: Receiver;
let github: FakeVendor;
const ids = { acme: 0, beta: 0, gamma: 0, acmeFiles: 0, acmeMail: 0, betaServer: 0, loner: 0, acmeChannel: 0, betaChannel: 0, ticketChannel: 0 };
const messages = { acme: 0, beta: 0, loner: 0, unmatched: 0 };
const PASSWORD = 'a long enough password';
let tech: ConsoleClient;
let viewer: ConsoleClient;
let admin: ConsoleClient;
let techId = 0;
let n = 0;
let issues = 0;

const get = async (who: ConsoleClient, url: string) => {
  const res = await who.request('GET', url);
  expect(res.status, `${url}: ${JSON.stringify(res.body)}`).toBe(200);
  return res.body;
};
const items = async (who: ConsoleClient, url: string) => (await get(who, url)).items as any[];
const idsOf = (list: { id: number }[]) => list.map((x) => x.id).sort((a, b) => a - b);
const sorted = (list: number[]) => [...new Set(list)].sort((a, b) => a - b);

async function until<T>(look: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await look();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A failed Comet backup reported to a check's own address: a message, an activity with its job, an alert, a delivery per channel. */
async function report(checkId: number, username: string): Promise<number> {
  const address = (await svc.api('GET', `/checks/${checkId}`)).body.address;
  const raw = cometReportEmail({ username, protectedItem: `Item ${++n}`, device: 'SRV1', status: 'Error', started: new Date(Date.UTC(2026, 10, 20, 1, n)), to: address });
  const reply = await svc.send(raw, [address]);
  expect(reply.code, reply.response).toBe(250);
  return Number(/message (\d+)/.exec(reply.response)![1]);
}

async function createCheck(name: string, group: string | undefined, channelIds: number[]) {
  const res = await svc.api('POST', '/checks', { name, ...(group && { group }), status: { default: 'failure' }, notifications: { channelIds } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as number;
}

async function createChannel(body: Record<string, unknown>) {
  const res = await svc.api('POST', '/channels', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as number;
}

async function createUser(username: string, extra: Record<string, unknown>) {
  const res = await svc.api('POST', '/users', { username, password: PASSWORD, ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** The console's live stream of a logged-in client, read as it comes. */
async function openStream(b: ConsoleClient) {
  const stream = await openEventStream(svc.httpPort, b);
  await stream.waitFor(/event: ready/);
  return stream;
}

const activityOf = (checkId: number) => new RegExp(`event: activity\\ndata: \\{[^\\n]*"checkId":${checkId}[,}]`);
const messageEvent = (messageId: number) => new RegExp(`event: message\\ndata: \\{[^\\n]*"messageId":${messageId}[,}]`);

beforeAll(async () => {
  svc = await startTestService({ env: { BACKWATCH_ALLOW_PRIVATE_WEBHOOKS: 'true' }, liveHeartbeatMs: 100 });
  receiver = await startReceiver();
  github = await startFakeVendor([
    ['GET', /^\/repos\/acme\/backups$/, () => ({ status: 200, json: { full_name: 'acme/backups' } })],
    ['POST', /^\/repos\/acme\/backups\/issues$/, () => ({ status: 201, json: { number: ++issues, title: 't', state: 'open', html_url: `https://github.com/acme/backups/issues/${issues}`, labels: [] } })],
  ]);
  ids.acmeChannel = await createChannel({ type: 'webhook', name: 'Acme hook', config: { url: `${receiver.url}/acme` } });
  ids.betaChannel = await createChannel({ type: 'webhook', name: 'Beta hook', config: { url: `${receiver.url}/beta` } });
  ids.ticketChannel = await createChannel({ type: 'github', name: 'Tickets', config: { apiUrl: github.url, token: 'ghp_test', repository: 'acme/backups' } });
  await createChannel({ type: 'webhook', name: 'Nobody\'s hook', config: { url: `${receiver.url}/none` } });

  ids.acmeFiles = await createCheck('Acme: Files', 'Acme', [ids.acmeChannel, ids.ticketChannel]);
  ids.acmeMail = await createCheck('Acme: Mail', 'Acme', []);
  ids.betaServer = await createCheck('Beta: Server', 'Beta', [ids.ticketChannel]);
  ids.loner = await createCheck('Loner', undefined, []);
  await createCheck('Gamma: Laptop', 'Gamma', []);
  const groups = (await svc.api('GET', '/groups')).body.items as { id: number; name: string }[];
  for (const g of groups) ids[g.name.toLowerCase() as 'acme' | 'beta' | 'gamma'] = g.id;
  expect((await svc.api('PATCH', `/groups/${ids.beta}`, { notifications: { channelIds: [ids.betaChannel] } })).status).toBe(200);

  messages.acme = await report(ids.acmeFiles, 'acme');
  messages.beta = await report(ids.betaServer, 'beta');
  messages.loner = await report(ids.loner, 'loner');
  const unmatched = await svc.send('From: someone@example.com\r\nTo: reports@backwatch.local\r\nSubject: Nobody\'s\r\n\r\nHello\r\n');
  messages.unmatched = Number(/message (\d+)/.exec(unmatched.response)![1]);
  await until(() => svc.api('GET', '/tickets'), (r) => r.body.items.length === 2, 'a ticket for each of Acme and Beta');

  techId = (await createUser('tech', { groupIds: [ids.acme] })).id;
  await createUser('viewer', {});
  await createUser('boss', { role: 'admin' });
  tech = await loggedIn(svc.httpPort, 'tech', PASSWORD);
  viewer = await loggedIn(svc.httpPort, 'viewer', PASSWORD);
  admin = await loggedIn(svc.httpPort, 'boss', PASSWORD);
});

afterAll(async () => {
  await receiver?.close();
  await github?.close();
  await svc?.destroy();
});

describe('a user limited to one customer', () => {
  it('sees only that customer\'s checks and groups, and 404 for the others\'', async () => {
    expect(idsOf(await items(tech, '/checks'))).toEqual(sorted([ids.acmeFiles, ids.acmeMail]));
    expect(await items(tech, '/checks?q=Beta')).toEqual([]);
    expect(await items(tech, '/checks?group=Beta')).toEqual([]);
    expect((await items(tech, '/checks?status=failure')).map((c) => c.id)).toEqual([ids.acmeFiles]);
    for (const id of [ids.betaServer, ids.loner]) {
      const res = await tech.request('GET', `/checks/${id}`);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('check.not_found');
      expect((await tech.request('GET', `/checks/${id}/trends`)).status).toBe(404);
    }
    expect((await get(tech, `/checks/${ids.acmeFiles}`)).name).toBe('Acme: Files');
    expect((await items(tech, `/checks/${ids.acmeFiles}/trends`)).length).toBe(1);

    expect((await items(tech, '/groups')).map((g) => [g.name, g.checkCount])).toEqual([['Acme', 2]]);
    expect((await tech.request('GET', `/groups/${ids.beta}`)).status).toBe(404);
    expect((await get(tech, `/groups/${ids.acme}`)).name).toBe('Acme');
  });

  it('sees only their activities, and counts only theirs', async () => {
    const activities = await items(tech, '/activities');
    expect(activities.map((a) => a.checkId)).toEqual([ids.acmeFiles]);
    expect(await items(tech, `/activities?checkId=${ids.betaServer}`)).toEqual([]);
    const summary = await get(tech, '/activity-summary?days=90');
    expect(Object.keys(summary.checks)).toEqual([String(ids.acmeFiles)]);
    expect(Object.keys((await get(viewer, '/activity-summary?days=90')).checks).map(Number).sort((a, b) => a - b)).toEqual(sorted([ids.acmeFiles, ids.betaServer, ids.loner]));
  });

  it('sees only the messages of their checks, never an unmatched one, and 404 for the others with their bytes and attachments', async () => {
    expect((await items(tech, '/messages')).map((m) => m.id)).toEqual([messages.acme]);
    expect(await items(tech, '/messages?matched=false')).toEqual([]);
    expect(await items(tech, '/messages?q=beta')).toEqual([]);
    for (const id of [messages.beta, messages.loner, messages.unmatched]) {
      for (const path of [`/messages/${id}`, `/messages/${id}/raw`, `/messages/${id}/attachments/0`]) {
        const res = await tech.request('GET', path);
        expect(res.status, path).toBe(404);
        expect(res.body.error.code, path).toBe('message.not_found');
      }
    }
    const mine = await get(tech, `/messages/${messages.acme}`);
    expect(mine.activities.map((a: { checkId: number }) => a.checkId)).toEqual([ids.acmeFiles]);
    const raw = await tech.request('GET', `/messages/${messages.acme}/raw`);
    expect(raw.status).toBe(200);
    expect(raw.body).toContain('Username: acme');
  });

  it('sees only the jobs of their checks, with only their checks named', async () => {
    const jobs = await items(tech, '/jobs');
    expect(jobs.map((j) => [j.tenant, j.checkIds])).toEqual([['acme', [ids.acmeFiles]]]);
    const all = await items(viewer, '/jobs');
    expect(all.map((j) => j.tenant).sort()).toEqual(['acme', 'beta', 'loner']);
    for (const job of all.filter((j) => j.tenant !== 'acme')) {
      const res = await tech.request('GET', `/jobs/${job.id}`);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('job.not_found');
    }
    expect((await get(tech, `/jobs/${jobs[0].id}`)).checkIds).toEqual([ids.acmeFiles]);
    expect(await items(tech, `/jobs?messageId=${messages.beta}`)).toEqual([]);
    expect(await items(tech, '/comet/tombstones')).toEqual([]);
  });

  it('sees only the deliveries, tickets and channels of their checks and groups', async () => {
    const all = await items(viewer, '/deliveries');
    expect(sorted(all.map((d) => d.checkId))).toEqual(sorted([ids.acmeFiles, ids.betaServer]));
    const mine = await items(tech, '/deliveries');
    expect(mine.length).toBe(all.filter((d) => d.checkId === ids.acmeFiles).length);
    expect(mine.every((d) => d.checkId === ids.acmeFiles)).toBe(true);
    for (const d of all.filter((d) => d.checkId !== ids.acmeFiles)) expect((await tech.request('GET', `/deliveries/${d.id}`)).status).toBe(404);
    expect((await get(tech, `/deliveries/${mine[0].id}`)).checkId).toBe(ids.acmeFiles);
    expect(await items(tech, `/deliveries?channelId=${ids.betaChannel}`)).toEqual([]);

    expect((await items(tech, '/tickets')).map((t) => t.checkId)).toEqual([ids.acmeFiles]);
    expect(await items(tech, `/tickets?checkId=${ids.betaServer}`)).toEqual([]);

    expect(idsOf(await items(tech, '/channels'))).toEqual(sorted([ids.acmeChannel, ids.ticketChannel]));
    expect((await tech.request('GET', `/channels/${ids.betaChannel}`)).status).toBe(404);
    expect((await get(tech, `/channels/${ids.acmeChannel}`)).name).toBe('Acme hook');
  });

  it('is not shown the discovery rules that name other customers', async () => {
    expect((await svc.api('PATCH', '/settings/comet', { groups: [{ username: 'beta*', group: 'Beta' }], autoDiscovery: { usernames: ['beta*'] } })).status).toBe(200);
    expect((await get(viewer, '/settings/comet')).groups).toEqual([{ username: 'beta*', group: 'Beta' }]);
    const comet = await get(tech, '/settings/comet');
    expect([comet.groups, comet.autoDiscovery.usernames, comet.statusMap.Error]).toEqual([[], [], 'failure']);
    expect((await svc.api('PATCH', '/settings/formats/veeam', { groups: [{ tenant: 'beta', group: 'Beta' }] })).status).toBe(200);
    const veeam = (await items(tech, '/formats')).find((f) => f.id === 'veeam');
    expect(veeam.settings.groups).toEqual([]);
  });

  it('hears only of their own reports on the live stream', async () => {
    const mine = await openStream(tech);
    const everything = await openStream(viewer);
    const beta = await report(ids.betaServer, 'beta');
    const acme = await report(ids.acmeFiles, 'acme');
    const text = await mine.waitFor(activityOf(ids.acmeFiles));
    expect(text).toMatch(messageEvent(acme));
    expect(text).not.toMatch(activityOf(ids.betaServer));
    expect(text).not.toMatch(messageEvent(beta));
    const all = await everything.waitFor(activityOf(ids.acmeFiles));
    expect(all).toMatch(activityOf(ids.betaServer));
    expect(all).toMatch(messageEvent(beta));
    mine.close();
    everything.close();
  });

  it('follows a change of their groups from their next request, and on an open stream from its next heartbeat', async () => {
    const stream = await openStream(tech);
    // Whatever happens here, the later tests find tech limited to Acme again.
    onTestFinished(async () => {
      stream.close();
      await admin.request('PATCH', `/users/${techId}`, { groupIds: [ids.acme] });
    });
    expect((await admin.request('PATCH', `/users/${techId}`, { groupIds: [ids.beta] })).status).toBe(200);
    expect(idsOf(await items(tech, '/checks'))).toEqual([ids.betaServer]);
    expect((await tech.request('GET', `/checks/${ids.acmeFiles}`)).status).toBe(404);
    expect((await get(tech, '/account')).user.groupIds).toEqual([ids.beta]);
    const from = stream.text.length;
    // The third heartbeat after the change surely began after it.
    await stream.waitFor(/(: keep-alive[\s\S]*){3}/, from);
    const beta = await report(ids.betaServer, 'beta');
    // The message's event goes out before its activities' (and a limited stream checks each against the database): wait for both.
    await stream.waitFor(activityOf(ids.betaServer), from);
    expect(await stream.waitFor(messageEvent(beta), from)).toMatch(activityOf(ids.betaServer));
    expect(stream.ended).toBe(false);
    stream.close();

    expect((await admin.request('PATCH', `/users/${techId}`, { groupIds: [] })).body.groupIds).toEqual([]);
    expect(await items(tech, '/checks')).toEqual([]);
    expect(await items(tech, '/activities')).toEqual([]);
    expect(await items(tech, '/groups')).toEqual([]);
    expect(await items(tech, '/channels')).toEqual([]);
  });

  it('stays a viewer: changes nothing', async () => {
    expect((await tech.request('PATCH', `/checks/${ids.acmeFiles}`, { name: 'mine now' })).status).toBe(403);
    expect((await tech.request('PATCH', `/users/${techId}`, { groupIds: null })).status).toBe(403);
  });
});

describe('everyone else', () => {
  it('sees every group: the unlimited viewer, the administrator and API keys', async () => {
    const everything = sorted([ids.acmeFiles, ids.acmeMail, ids.betaServer, ids.loner]);
    for (const who of [viewer, admin]) {
      expect(idsOf(await items(who, '/checks')).filter((id) => everything.includes(id))).toEqual(everything);
      expect((await items(who, '/messages?matched=false')).map((m) => m.id)).toContain(messages.unmatched);
      expect((await who.request('GET', `/messages/${messages.loner}`)).status).toBe(200);
      expect(idsOf(await items(who, '/groups'))).toEqual(sorted([ids.acme, ids.beta, ids.gamma]));
      expect((await items(who, '/channels')).length).toBe(4);
      expect((await items(who, '/tickets')).length).toBe(2);
    }
    expect((await svc.api('GET', '/checks')).body.items.length).toBe(5);
    expect((await get(viewer, '/account')).user.groupIds).toBeNull();
  });
});

describe('groupIds', () => {
  it('is shown with every user, to administrators', async () => {
    const users = (await svc.api('GET', '/users')).body.items as { username: string; groupIds: number[] | null }[];
    expect(users.map((u) => [u.username, u.groupIds])).toEqual([
      ['boss', null],
      ['tech', [ids.acme]],
      ['viewer', null],
    ]);
    expect((await svc.api('GET', `/users/${techId}`)).body).toMatchObject({ username: 'tech', groupIds: [ids.acme] });
    expect((await tech.request('GET', '/users')).status).toBe(403);
  });

  it.each<[string, () => [string, string, Record<string, unknown>], string]>([
    ['an unknown group', () => ['PATCH', `/users/${techId}`, { groupIds: [ids.acme, 999_999] }], 'groupIds'],
    ['a group id that is no number', () => ['PATCH', `/users/${techId}`, { groupIds: ['Acme'] }], 'groupIds[0]'],
    ['a new administrator limited to groups', () => ['POST', '/users', { username: 'limited-admin', password: PASSWORD, role: 'admin', groupIds: [ids.acme] }], 'groupIds'],
    ['a limited viewer made administrator', () => ['PATCH', `/users/${techId}`, { role: 'admin' }], 'groupIds'],
    ['a new user in an unknown group', () => ['POST', '/users', { username: 'lost', password: PASSWORD, groupIds: [999_999] }], 'groupIds'],
  ])('refuses %s with a 400 naming the field', async (_, request, field) => {
    const [method, url, body] = request();
    const res = await svc.api(method, url, body);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.issues.map((i: { path: string }) => i.path)).toContain(field);
    expect((await svc.api('GET', `/users/${techId}`)).body).toMatchObject({ role: 'viewer', groupIds: [ids.acme] });
  });

  it('makes a limited viewer an administrator when the limit goes with the role', async () => {
    const user = await createUser('promoted', { groupIds: [ids.beta] });
    const res = await svc.api('PATCH', `/users/${user.id}`, { role: 'admin', groupIds: null });
    expect(res.body).toMatchObject({ role: 'admin', groupIds: null });
  });

  it('loses a deleted group, and a list left empty stays empty: a deletion shows nobody more', async () => {
    const both = await createUser('both', { groupIds: [ids.acme, ids.gamma] });
    const gammaOnly = await createUser('gamma-only', { groupIds: [ids.gamma] });
    const gammaUser = await loggedIn(svc.httpPort, 'gamma-only', PASSWORD);
    expect((await items(gammaUser, '/checks')).map((c) => c.name)).toEqual(['Gamma: Laptop']);

    expect((await svc.api('DELETE', `/groups/${ids.gamma}`)).status).toBe(204);
    expect((await svc.api('GET', `/users/${both.id}`)).body.groupIds).toEqual([ids.acme]);
    expect((await svc.api('GET', `/users/${gammaOnly.id}`)).body.groupIds).toEqual([]);
    expect(await items(gammaUser, '/checks')).toEqual([]);
    expect((await svc.api('GET', '/checks?q=Gamma')).body.items.map((c: { group: string | null }) => c.group)).toEqual([null]);
    expect((await svc.api('DELETE', `/groups/${ids.gamma}`)).status).toBe(404);
  });
});
