import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../src/shared/clock.js';
import { type ConsoleClient, loggedIn } from './helpers/console-client.js';
import { type FakeVendor, startFakeVendor } from './helpers/fake-vendor.js';
import { type PushService, startPushService } from './helpers/push-service.js';
import { fixture, startTestService, type TestService } from './helpers/service.js';
import { type SmtpRelay, startSmtpRelay } from './helpers/smtp-relay.js';

// Personal notifications end to end: a real service, real SMTP in and out, and stand-ins for the vendors
// that check what their documentation asks (Twilio's Messages API, Pushbullet's pushes, Pushover's messages)
// and a push service that decrypts what it is sent (RFC 8291) and checks the VAPID signature (RFC 8292).

const clock = fixedClock('2026-11-20T12:00:00Z');
const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
const PUSHOVER_APP = 'azGDORePK8gMaC0QOYAMyEEuzJnyUi';
const PUSHOVER_USER = 'uQiRzpo4DXghDmr9QzzfQu27cmVRsG';
const PUSHBULLET_TOKEN = 'o.cJ0bmlLzWaHvLQP8jnE3mFsP01XKbx3F';
const PASSWORD = 'correct horse battery';

let svc: TestService;
let relay: SmtpRelay;
let twilio: FakeVendor;
let pushbullet: FakeVendor;
let pushover: FakeVendor;
let push: PushService;
let alice: ConsoleClient;

async function startVendors() {
  twilio = await startFakeVendor(
    [['POST', new RegExp(`^/2010-04-01/Accounts/${SID}/Messages\\.json$`), (req) => ({ status: 201, json: { sid: `SM${twilio.requests.length}`, to: req.json.To, status: 'queued' } })]],
    (req) =>
      req.headers.authorization !== `Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`
        ? 'Basic auth with the Account SID and Auth Token'
        : !/^\+[1-9]\d{1,14}$/.test(req.json?.To ?? '') || !req.json.From || !req.json.Body
          ? 'To in E.164, From and Body'
          : null,
  );
  pushbullet = await startFakeVendor(
    [
      [
        'POST',
        /^\/v2\/pushes$/,
        (req) =>
          req.headers['access-token'] === PUSHBULLET_TOKEN
            ? { status: 200, json: { active: true, iden: 'ujpah72o0sjAoRtnM0jc', type: req.json.type, title: req.json.title } }
            : { status: 401, json: { error: { cat: '~(=^‥^)', message: 'Access token is missing or invalid.', type: 'invalid_request' } } },
      ],
    ],
    (req) => (req.headers['content-type'] !== 'application/json' || !['note', 'link'].includes(req.json?.type) ? 'a JSON push of type note or link' : null),
  );
  pushover = await startFakeVendor(
    [['POST', /^\/1\/messages\.json$/, () => ({ status: 200, json: { status: 1, request: 'e460545a-8e8b-4c27-ba5d-d0b2b1a7dfd4' } })]],
    (req) => (req.json?.token !== PUSHOVER_APP || req.json?.user !== PUSHOVER_USER || !req.json?.message ? 'token, user and message' : null),
  );
  push = await startPushService();
}

beforeAll(async () => {
  await startVendors();
  relay = await startSmtpRelay();
  svc = await startTestService({ clock, env: { BACKWATCH_ALLOW_PRIVATE_WEBHOOKS: 'true', BACKWATCH_PUBLIC_URL: 'https://backwatch.example.com' }, random: () => 0.5 });
  const media = await svc.api('PATCH', '/settings/personal-notifications', {
    email: { host: '127.0.0.1', port: relay.port, security: 'none', from: 'backwatch@example.com' },
    sms: { provider: 'twilio', accountSid: SID, authToken: TOKEN, from: '+15017122661', apiUrl: twilio.url },
    pushover: { appToken: PUSHOVER_APP, apiUrl: pushover.url },
    pushbullet: { apiUrl: pushbullet.url },
  });
  expect(media.status, JSON.stringify(media.body)).toBe(200);
  expect(media.body.sms.authToken).toBe('…e0f');
  expect(media.body.available.sort()).toEqual(['email', 'push', 'pushbullet', 'pushover', 'sms']);
  for (const username of ['alice@example.com', 'bob']) expect((await svc.api('POST', '/users', { username, password: PASSWORD, role: 'viewer' })).status).toBe(201);
  alice = await loggedIn(svc.httpPort, 'alice@example.com', PASSWORD);
});
afterAll(async () => {
  await svc.destroy();
  await Promise.all([relay.close(), twilio.close(), pushbullet.close(), pushover.close(), push.close()]);
});

const refusedNothing = () => expect([...twilio.refused, ...pushbullet.refused, ...pushover.refused, ...push.refused]).toEqual([]);
const sentCount = () => ({ email: relay.received.length, sms: twilio.requests.length, pushbullet: pushbullet.requests.length, pushover: pushover.requests.length, push: push.received.length });

let n = 0;
async function check(notifications: Record<string, unknown> = {}) {
  const res = await svc.api('POST', '/checks', {
    name: `Nightly ${++n}`,
    status: { success: { rules: [{ field: 'subject', operator: 'startsWith', value: 'Success' }] }, warning: { rules: [{ field: 'subject', operator: 'startsWith', value: 'Warning' }] } },
    notifications,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: number; name: string; address: string };
}

async function report(c: { address: string }, file: string) {
  expect((await svc.send(fixture(file), [c.address])).code).toBe(250);
  svc.deliveries.wake();
  await svc.deliveries.idle();
}

describe('personal notifications', () => {
  it('set up by the user on every medium, a failure and its recovery reach each one once', async () => {
    expect((await alice.request('GET', '/account/notifications')).body).toMatchObject({ statuses: ['failure', 'warning', 'overdue', 'recovery'], email: { enabled: true, address: 'alice@example.com' }, sms: { enabled: false } });

    const withCode = await alice.request('PATCH', '/account/notifications', { sms: { phone: '+14155550100' } });
    expect(withCode.status, JSON.stringify(withCode.body)).toBe(200);
    expect(withCode.body.sms).toMatchObject({ phone: null, pendingPhone: '+14155550100' });
    const code = /(\d{6})/.exec(twilio.requests[0]!.json.Body)![1]!;
    expect((await alice.request('POST', '/account/notifications/sms/confirm', { code: code === '000000' ? '111111' : '000000' })).status).toBe(400);
    const confirmed = await alice.request('POST', '/account/notifications/sms/confirm', { code });
    expect(confirmed.body.sms).toMatchObject({ enabled: true, phone: '+14155550100', pendingPhone: null });

    const subscription = push.subscribe((await alice.request('GET', '/account/notifications')).body.push.publicKey);
    expect((await alice.request('POST', '/account/push-subscriptions', subscription, { headers: { 'user-agent': 'Chromium test' } })).status).toBe(201);
    const all = await alice.request('PATCH', '/account/notifications', { push: { enabled: true }, pushbullet: { enabled: true, token: PUSHBULLET_TOKEN }, pushover: { enabled: true, userKey: PUSHOVER_USER } });
    expect(all.status, JSON.stringify(all.body)).toBe(200);
    expect(all.body.pushbullet.token).toBe('…x3F');
    expect(all.body.push.subscriptions).toMatchObject([{ userAgent: 'Chromium test' }]);

    const before = sentCount();
    const c = await check();
    await report(c, 'comet-error.eml');
    expect(sentCount()).toEqual({ email: before.email + 1, sms: before.sms + 1, pushbullet: before.pushbullet + 1, pushover: before.pushover + 1, push: before.push + 1 });
    expect(relay.received.at(-1)!.to?.map((a) => a.address)).toEqual(['alice@example.com']);
    expect(relay.received.at(-1)!.subject).toContain(c.name);
    expect(twilio.requests.at(-1)!.json).toMatchObject({ To: '+14155550100' });
    expect(twilio.requests.at(-1)!.json.Body).toContain(c.name);
    expect(JSON.parse(push.received.at(-1)!.text)).toMatchObject({ title: `Failure: ${c.name}`, url: `https://backwatch.example.com/checks/${c.id}` });
    expect(pushover.requests.at(-1)!.json).toMatchObject({ priority: '1' });

    const mine = (await alice.request('GET', `/deliveries?checkId=${c.id}`)).body.items;
    expect(mine.map((d: { medium: string; state: string }) => `${d.medium} ${d.state}`).sort()).toEqual(['email delivered', 'push delivered', 'pushbullet delivered', 'pushover delivered', 'sms delivered']);
    // bob has no address to be mailed at and nothing else on: nothing was queued for him.
    const bob = await loggedIn(svc.httpPort, 'bob', PASSWORD);
    expect((await bob.request('GET', `/deliveries?checkId=${c.id}`)).body.items).toEqual([]);
    expect((await bob.request('GET', `/deliveries/${mine[0].id}`)).status).toBe(404);
    expect((await svc.api('GET', `/deliveries?userId=${mine[0].userId}`)).body.items.length).toBeGreaterThanOrEqual(5);

    await report(c, 'comet-success.eml');
    expect(sentCount().email).toBe(before.email + 2);
    expect(JSON.parse(push.received.at(-1)!.text)).toMatchObject({ title: `Recovered: ${c.name}` });
    refusedNothing();
  });

  it('a check that notifies no users, or only others, tells nobody else', async () => {
    const silent = await check({ notifyUsers: false });
    const before = sentCount();
    await report(silent, 'comet-error.eml');
    const bobId = (await svc.api('GET', '/users')).body.items.find((u: { username: string }) => u.username === 'bob').id;
    const others = await check({ userIds: [bobId] });
    await report(others, 'comet-error.eml');
    expect(sentCount()).toEqual(before);
    expect((await svc.api('GET', `/deliveries?checkId=${others.id}`)).body.items).toEqual([]);
  });

  it('quiet hours hold an alert until they end, and a failure breaks through when allowed', async () => {
    const set = await alice.request('PATCH', '/account/notifications', { quietHours: { start: '12:00', end: '13:30', timezone: 'Europe/London', breakThrough: ['failure'] } });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    const c = await check();
    const before = sentCount();
    await report(c, 'comet-warning.eml');
    expect(sentCount()).toEqual(before);
    const held = (await alice.request('GET', `/deliveries?checkId=${c.id}`)).body.items;
    expect(held.length).toBe(5);
    expect(held.every((d: { state: string; nextAttemptAt: string }) => d.state === 'pending' && d.nextAttemptAt === '2026-11-20T13:30:00.000Z')).toBe(true);

    // The failure breaks through, and replaces what the night held of this check.
    await report(c, 'comet-error.eml');
    expect(sentCount().email).toBe(before.email + 1);
    const states = (await alice.request('GET', `/deliveries?checkId=${c.id}`)).body.items.map((d: { state: string; event: string; status: string }) => `${d.status} ${d.state}`);
    expect(states.filter((s: string) => s === 'warning cancelled')).toHaveLength(5);

    clock.set('2026-11-20T13:31:00Z');
    svc.deliveries.wake();
    await svc.deliveries.idle();
    expect(sentCount().email).toBe(before.email + 1);
    clock.set('2026-11-20T12:00:00Z');
    expect((await alice.request('PATCH', '/account/notifications', { quietHours: null })).status).toBe(200);
  });

  it('a browser the push service says is gone is removed, and the user sees it gone', async () => {
    const extra = push.subscribe((await alice.request('GET', '/account/notifications')).body.push.publicKey);
    await alice.request('POST', '/account/push-subscriptions', extra, { headers: { 'user-agent': 'Old laptop' } });
    push.answer(extra.endpoint, 410);
    await report(await check(), 'comet-error.eml');
    const left = (await alice.request('GET', '/account/notifications')).body.push.subscriptions;
    expect(left.map((s: { userAgent: string }) => s.userAgent)).toEqual(['Chromium test']);
  });

  it('refuses bad input by name, and a test shows the vendor refusing a token in its own words', async () => {
    const badPhone = await alice.request('PATCH', '/account/notifications', { sms: { phone: '0044 20 7946 0000' } });
    expect(badPhone.status).toBe(400);
    expect(JSON.stringify(badPhone.body)).toContain('sms.phone');
    const noKey = await bobSession().then((bob) => bob.request('PATCH', '/account/notifications', { pushover: { enabled: true } }));
    expect(noKey.status).toBe(400);
    expect(JSON.stringify(noKey.body), JSON.stringify(noKey.body)).toContain('pushover.userKey');

    expect((await alice.request('PATCH', '/account/notifications', { pushbullet: { token: 'o.revoked' } })).status).toBe(200);
    const tested = await alice.request('POST', '/account/notifications/test', { medium: 'pushbullet' });
    expect(tested.body.results).toMatchObject([{ medium: 'pushbullet', ok: false, status: 401 }]);
    expect(tested.body.results[0].error).toContain('Access token is missing or invalid.');
    const email = await alice.request('POST', '/account/notifications/test', { medium: 'email' });
    expect(email.body.results).toMatchObject([{ ok: true }]);
    expect(relay.received.at(-1)!.subject).toContain('Test notification');
  });

  it('tells a limited user only of their groups, and stops at once when a group is taken away, queued alerts too', async () => {
    const acme = await svc.api('POST', '/checks', { name: 'Acme nightly', group: 'Acme', status: { success: { rules: [{ field: 'subject', operator: 'startsWith', value: 'Success' }] } } });
    const beta = await svc.api('POST', '/checks', { name: 'Beta nightly', group: 'Beta', status: { success: { rules: [{ field: 'subject', operator: 'startsWith', value: 'Success' }] } } });
    const groups = (await svc.api('GET', '/groups')).body.items as { id: number; name: string }[];
    const acmeGroup = groups.find((g) => g.name === 'Acme')!.id;
    const aliceId = (await svc.api('GET', '/users')).body.items.find((u: { username: string }) => u.username === 'alice@example.com').id;
    expect((await svc.api('PATCH', `/users/${aliceId}`, { groupIds: [acmeGroup] })).status).toBe(200);

    const before = sentCount();
    await report(beta.body, 'comet-error.eml');
    expect(sentCount()).toEqual(before);
    await report(acme.body, 'comet-error.eml');
    expect(sentCount().email).toBe(before.email + 1);

    // Queued (held by quiet hours), then the group is taken away: nothing goes out.
    await alice.request('PATCH', '/account/notifications', { quietHours: { start: '11:00', end: '14:00', timezone: 'UTC', breakThrough: [] } });
    await report(acme.body, 'comet-warning.eml');
    expect((await svc.api('PATCH', `/users/${aliceId}`, { groupIds: [] })).status).toBe(200);
    clock.set('2026-11-20T14:01:00Z');
    svc.deliveries.wake();
    await svc.deliveries.idle();
    clock.set('2026-11-20T12:00:00Z');
    expect(sentCount().email).toBe(before.email + 1);
    const mailed = (await svc.api('GET', `/deliveries?checkId=${acme.body.id}`)).body.items.filter((d: { medium: string }) => d.medium === 'email');
    const [held, ...earlier] = mailed as { state: string; lastError: string | null; medium: string }[];
    expect(earlier.map((d) => d.state)).toEqual(['delivered']);
    expect(held).toMatchObject({ medium: 'email', state: 'cancelled' });
    expect(held!.lastError).toContain('may no longer see this check');
    await alice.request('PATCH', '/account/notifications', { quietHours: null });
    await svc.api('PATCH', `/users/${aliceId}`, { groupIds: null });
  });

  it('keeps the organization media to administrators', async () => {
    expect((await alice.request('GET', '/settings/personal-notifications')).status).toBe(403);
    const invalid = await svc.api('PATCH', '/settings/personal-notifications', { sms: { provider: 'twilio', accountSid: SID, authToken: TOKEN, apiUrl: twilio.url, from: null, messagingServiceSid: null } });
    expect(invalid.status).toBe(400);
  });
});

const bobSession = () => loggedIn(svc.httpPort, 'bob', PASSWORD);
