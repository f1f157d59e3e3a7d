import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../src/shared/clock.js';
import { CLIENT_ID, type FakeMicrosoft, LIST_ID, startFakeMicrosoft } from './helpers/fake-microsoft.js';
import { fixture, startTestService, type TestService } from './helpers/service.js';

// Connecting a Microsoft To Do channel to an account through the API, as the console does,
// against local fakes of Microsoft's sign-in and Graph, on a real service.

const clock = fixedClock('2026-11-20T12:00:00Z');
let svc: TestService;
let ms: FakeMicrosoft;

beforeAll(async () => {
  svc = await startTestService({ clock, env: { BACKWATCH_ALLOW_PRIVATE_WEBHOOKS: 'true', BACKWATCH_PUBLIC_URL: 'https://backwatch.example.com' }, random: () => 0.5 });
});
afterAll(() => svc.destroy());
beforeEach(async () => {
  ms = await startFakeMicrosoft(clock);
});
afterEach(async () => {
  expect(ms.login.refused).toEqual([]);
  expect(ms.graph.refused).toEqual([]);
  await ms.close();
});

let n = 0;
async function todoChannel() {
  const res = await svc.api('POST', '/channels', { type: 'microsoft-todo', name: `To Do ${++n}`, config: { apiUrl: ms.apiUrl, loginUrl: ms.loginUrl, clientId: CLIENT_ID, listId: LIST_ID } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: number; connection: unknown };
}

const poll = (id: number) => svc.api('GET', `/channels/${id}/connect`);
const tokenRequests = () => ms.login.requests.filter((r) => r.path.endsWith('/token')).length;

/** Starts the sign-in, has the person approve it, and polls until connected. */
async function connect(id: number, account = 'ops@acme.example') {
  const started = await svc.api('POST', `/channels/${id}/connect`);
  expect(started.status).toBe(200);
  ms.approve(started.body.userCode, account);
  clock.advance(started.body.interval * 1000);
  expect((await poll(id)).body).toEqual({ state: 'connected', account });
}

describe('connecting an account', () => {
  it('shows the code, polls no faster than the interval, and connects as the account', async () => {
    const channel = await todoChannel();
    expect(channel.connection).toEqual({ state: 'not-connected' });
    const started = await svc.api('POST', `/channels/${channel.id}/connect`);
    expect(started).toMatchObject({ status: 200, body: { userCode: 'CODE1', verificationUri: 'https://microsoft.com/devicelogin', interval: 5, expiresAt: '2026-11-20T12:15:00.000Z' } });
    expect(started.body.message).toContain('CODE1');

    // Before the interval has passed, the server answers without asking Microsoft.
    expect((await poll(channel.id)).body).toEqual({ state: 'pending' });
    expect(tokenRequests()).toBe(0);
    clock.advance(5_000);
    expect((await poll(channel.id)).body).toEqual({ state: 'pending' });
    expect(tokenRequests()).toBe(1);
    ms.approve('CODE1', 'it@acme.example');
    clock.advance(2_000);
    expect((await poll(channel.id)).body).toEqual({ state: 'pending' });
    expect(tokenRequests()).toBe(1);
    clock.advance(3_000);
    expect((await poll(channel.id)).body).toEqual({ state: 'connected', account: 'it@acme.example' });

    const shown = await svc.api('GET', `/channels/${channel.id}`);
    expect(shown.body.connection).toEqual({ state: 'connected', account: 'it@acme.example' });
    expect(JSON.stringify(shown.body)).not.toMatch(/rt-|at-\d/);
    expect((await poll(channel.id)).body).toEqual({ state: 'connected', account: 'it@acme.example' });
    expect((await svc.api('POST', `/channels/${channel.id}/test`)).body).toMatchObject({ ok: true, status: 200 });
  });

  it('says when the person declined or the code ran out', async () => {
    const declined = await todoChannel();
    const started = await svc.api('POST', `/channels/${declined.id}/connect`);
    ms.decline(started.body.userCode);
    clock.advance(5_000);
    expect((await poll(declined.id)).body).toEqual({ state: 'declined' });
    expect((await poll(declined.id)).status).toBe(409);

    const expired = await todoChannel();
    await svc.api('POST', `/channels/${expired.id}/connect`);
    clock.advance(900_000);
    const asked = tokenRequests();
    expect((await poll(expired.id)).body).toEqual({ state: 'expired' });
    expect(tokenRequests()).toBe(asked);
    expect((await svc.api('GET', `/channels/${expired.id}`)).body.connection).toEqual({ state: 'not-connected' });
  });

  it('refuses channels that do not sign in, unknown channels and bad ids', async () => {
    const github = await svc.api('POST', '/channels', { type: 'github', name: 'GitHub', config: { token: 'ghp_x', repository: 'acme/backups' } });
    for (const method of ['POST', 'GET', 'DELETE']) {
      const res = await svc.api(method, `/channels/${github.body.id}/connect`);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('channel.no_sign_in');
    }
    expect(github.body.connection).toBeUndefined();
    expect((await svc.api('POST', '/channels/99999/connect')).status).toBe(404);
    const bad = await svc.api('GET', '/channels/abc/connect');
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['param.id']);
  });

  it('answers 422 with the reason when Microsoft refuses the app registration', async () => {
    const res = await svc.api('POST', '/channels', { type: 'microsoft-todo', name: 'Wrong app', config: { loginUrl: ms.loginUrl, clientId: '00000000-1111-2222-3333-444444444444' } });
    const started = await svc.api('POST', `/channels/${res.body.id}/connect`);
    expect(started.status).toBe(422);
    expect(started.body.error.message).toContain('AADSTS700016');
  });

  it('forgets the account', async () => {
    const channel = await todoChannel();
    await connect(channel.id);
    expect((await svc.api('DELETE', `/channels/${channel.id}/connect`)).status).toBe(204);
    expect((await svc.api('GET', `/channels/${channel.id}`)).body.connection).toEqual({ state: 'not-connected' });
    expect((await svc.api('POST', `/channels/${channel.id}/test`)).body).toMatchObject({ ok: false, error: expect.stringContaining('not connected') });
  });
});

describe('a revoked grant', () => {
  it('fails the delivery at once with the reason, shows reconnect needed, and works again once reconnected', async () => {
    const channel = await todoChannel();
    await connect(channel.id);
    const check = (await svc.api('POST', '/checks', { name: 'To Do check', notifications: { channelIds: [channel.id] } })).body;
    ms.revokeAll();
    clock.advance(2 * 3_600_000);
    expect((await svc.send(fixture('comet-error.eml'), [check.address])).code).toBe(250);
    svc.deliveries.wake();
    await svc.deliveries.idle();

    const reason = 'AADSTS50173: The provided grant has expired due to it being revoked, a fresh auth token is needed.';
    const [delivery] = (await svc.api('GET', `/deliveries?checkId=${check.id}`)).body.items;
    expect(delivery).toMatchObject({ state: 'failed', attemptCount: 1, lastError: `reconnect needed: ${reason}` });
    expect((await svc.api('GET', `/channels/${channel.id}`)).body.connection).toEqual({ state: 'reconnect-needed', reason, account: 'ops@acme.example' });

    await connect(channel.id);
    expect((await svc.api('GET', `/channels/${channel.id}`)).body.connection).toEqual({ state: 'connected', account: 'ops@acme.example' });
    expect((await svc.send(fixture('comet-error.eml'), [check.address])).code).toBe(250);
    svc.deliveries.wake();
    await svc.deliveries.idle();
    expect(ms.tasks).toHaveLength(1);
    expect(ms.tasks[0]).toMatchObject({ listId: LIST_ID, importance: 'high', status: 'notStarted' });
  });
});
