import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { retryDelayMs } from '../src/modules/deliveries/deliveries.backoff.js';
import { fixedClock } from '../src/shared/clock.js';
import { fixture, startTestService, type TestService } from './helpers/service.js';
import { type Receiver, startReceiver } from './helpers/receiver.js';

const clock = fixedClock('2026-11-20T12:00:00Z');
const random = () => 0.5;
let svc: TestService;
let receiver: Receiver;

const env = { BACKWATCH_ALLOW_PRIVATE_WEBHOOKS: 'true', BACKWATCH_TIMEZONE: 'Europe/Berlin', BACKWATCH_PUBLIC_URL: 'https://backwatch.example.com' };

beforeAll(async () => {
  svc = await startTestService({ clock, env, random });
});
afterAll(() => svc.destroy());
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(() => receiver.close());

let n = 0;
/** A webhook channel to the test's receiver and a check that uses it, with the options given. */
async function setup(options: Record<string, unknown> = {}, path = '/hook') {
  const channel = (await svc.api('POST', '/channels', { type: 'webhook', name: `receiver ${++n}`, config: { url: receiver.url + path } })).body;
  const check = (
    await svc.api('POST', '/checks', {
      name: `Alerting ${n}`,
      status: { success: { rules: [{ field: 'subject', operator: 'startsWith', value: 'Success' }] }, warning: { rules: [{ field: 'subject', operator: 'startsWith', value: 'Warning' }] } },
      notifications: { channelIds: [channel.id], ...options },
    })
  ).body;
  expect(check.notifications.channelIds).toEqual([channel.id]);
  return { channel, check };
}

async function report(check: { address: string }, file: string) {
  expect((await svc.send(fixture(file), [check.address])).code).toBe(250);
  await settle();
}

/** Lets the delivery worker send everything due now. */
async function settle() {
  svc.deliveries.wake();
  await svc.deliveries.idle();
}

const bodies = () => receiver.requests.map((r) => JSON.parse(r.body) as { event: string; status: string; previousStatus: string });

describe('alerts through a webhook', () => {
  it('tells a failure once, and the recovery', async () => {
    const { check } = await setup();
    await report(check, 'comet-error.eml');
    expect(bodies()).toMatchObject([{ event: 'alert', status: 'failure', previousStatus: 'pending' }]);
    const [first] = bodies() as any[];
    expect(first.check).toMatchObject({ id: check.id, name: check.name, url: `https://backwatch.example.com/checks/${check.id}` });
    expect(first.activity.subject).toBe('Error - Backup of "Documents"');
    expect(first.text).toContain('Time: 2026-11-20 13:00 Europe/Berlin');
    expect(first.keyLines).toContain('Status: Error');
    await report(check, 'comet-success.eml');
    expect(bodies().map((b) => `${b.event}:${b.status}`)).toEqual(['alert:failure', 'restore:success']);
    await settle();
    expect(receiver.requests).toHaveLength(2);
  });

  it('retries a receiver that fails twice, on the backoff schedule, and records every attempt', async () => {
    const { check } = await setup();
    receiver.respond({ status: 500, body: 'down' }, { status: 503, body: 'still down' });
    await report(check, 'comet-error.eml');
    const [delivery] = (await svc.api('GET', `/deliveries?checkId=${check.id}`)).body.items;
    expect(delivery).toMatchObject({ state: 'pending', attemptCount: 1, lastError: 'HTTP 500' });
    expect(Date.parse(delivery.nextAttemptAt) - clock.now().getTime()).toBe(retryDelayMs(1, random));

    clock.advance(retryDelayMs(1, random) - 1);
    await settle();
    expect(receiver.requests).toHaveLength(1);
    clock.advance(1);
    await settle();
    const second = (await svc.api('GET', `/deliveries/${delivery.id}`)).body;
    expect(second).toMatchObject({ state: 'pending', attemptCount: 2 });
    expect(Date.parse(second.nextAttemptAt) - clock.now().getTime()).toBe(retryDelayMs(2, random));

    clock.advance(retryDelayMs(2, random));
    await settle();
    const done = (await svc.api('GET', `/deliveries/${delivery.id}`)).body;
    expect(done).toMatchObject({ state: 'delivered', attemptCount: 3, deliveredAt: clock.now().toISOString() });
    expect(done.attempts).toMatchObject([
      { ok: false, httpStatus: 500, error: 'HTTP 500', response: 'down' },
      { ok: false, httpStatus: 503, error: 'HTTP 503', response: 'still down' },
      { ok: true, httpStatus: 200, error: null, response: 'ok' },
    ]);
    expect(receiver.requests.map((r) => r.headers['idempotency-key'])).toEqual(Array(3).fill(delivery.idempotencyKey));
    clock.advance(24 * 3_600_000);
    await settle();
    expect(receiver.requests).toHaveLength(3);
  });

  it('gives up on a refusal that waiting cannot fix, lists it as failed, and retries it by hand', async () => {
    const { check } = await setup();
    receiver.respond({ status: 404, body: 'no such hook' });
    await report(check, 'comet-error.eml');
    const failed = (await svc.api('GET', `/deliveries?state=failed&checkId=${check.id}`)).body.items;
    expect(failed).toMatchObject([{ state: 'failed', attemptCount: 1, lastError: 'HTTP 404' }]);
    expect((await svc.api('GET', `/deliveries/${failed[0].id}`)).body.attempts).toMatchObject([{ ok: false, httpStatus: 404, response: 'no such hook' }]);

    const retried = await svc.api('POST', `/deliveries/${failed[0].id}/retry`);
    expect(retried.body).toMatchObject({ state: 'pending' });
    await settle();
    expect((await svc.api('GET', `/deliveries/${failed[0].id}`)).body).toMatchObject({ state: 'delivered', attemptCount: 2 });
    expect((await svc.api('POST', `/deliveries/${failed[0].id}/retry`)).status).toBe(409);
  });

  it('gives up after the retry window', async () => {
    const { check } = await setup();
    receiver.respond(...Array.from({ length: 100 }, () => ({ status: 502 })));
    await report(check, 'comet-error.eml');
    for (let i = 0; i < 60; i++) {
      clock.advance(60 * 60_000);
      await settle();
    }
    const [delivery] = (await svc.api('GET', `/deliveries?checkId=${check.id}`)).body.items;
    expect(delivery.state).toBe('failed');
    expect(Date.parse(delivery.updatedAt)).toBeGreaterThanOrEqual(Date.parse(delivery.giveUpAt) - 3_600_000);
    expect(receiver.requests.length).toBe(delivery.attemptCount);
  });

  it('holds an alert for the grace period and drops it when a success comes in time', async () => {
    const { check } = await setup({ graceMinutes: 30 });
    await report(check, 'comet-error.eml');
    expect(receiver.requests).toHaveLength(0);
    clock.advance(10 * 60_000);
    await report(check, 'comet-success.eml');
    clock.advance(60 * 60_000);
    await settle();
    expect(receiver.requests).toHaveLength(0);
    expect((await svc.api('GET', `/deliveries?checkId=${check.id}`)).body.items).toMatchObject([{ state: 'cancelled' }]);
  });

  it('sends a held alert when no success comes', async () => {
    const { check } = await setup({ graceMinutes: 30 });
    await report(check, 'comet-error.eml');
    clock.advance(30 * 60_000);
    await settle();
    expect(bodies()).toMatchObject([{ event: 'alert', status: 'failure' }]);
  });

  it('follows the organization defaults unless the check says otherwise', async () => {
    expect((await svc.api('PATCH', '/settings/notifications', { alertOn: ['failure'] })).body.alertOn).toEqual(['failure']);
    try {
      const { check } = await setup();
      expect(check.notifications).toMatchObject({ alertOn: ['failure'], inherited: expect.arrayContaining(['alertOn']) });
      await report(check, 'comet-warning.eml');
      expect(receiver.requests).toHaveLength(0);
      await svc.api('PATCH', `/checks/${check.id}`, { notifications: { alertOn: ['failure', 'warning'] } });
      await report(check, 'comet-warning.eml');
      expect(bodies()).toMatchObject([{ status: 'warning' }]);
    } finally {
      await svc.api('PATCH', '/settings/notifications', { alertOn: null });
    }
    expect((await svc.api('GET', '/settings/notifications')).body.alertOn).toEqual(['failure', 'warning', 'overdue']);
  });

  it("uses the channels of the check's group", async () => {
    const channel = (await svc.api('POST', '/channels', { type: 'webhook', name: 'group receiver', config: { url: `${receiver.url}/group` } })).body;
    const check = (await svc.api('POST', '/checks', { name: 'Grouped', group: 'Customer A' })).body;
    const [group] = (await svc.api('GET', '/groups')).body.items.filter((g: { name: string }) => g.name === 'Customer A');
    expect((await svc.api('PATCH', `/groups/${group.id}`, { notifications: { channelIds: [channel.id] } })).body.notifications.channelIds).toEqual([channel.id]);
    expect((await svc.api('GET', `/checks/${check.id}`)).body.notifications.groupChannelIds).toEqual([channel.id]);
    await report(check, 'comet-error.eml');
    expect(receiver.requests.map((r) => r.url)).toEqual(['/group']);
  });

  it('alerts when a check goes overdue', async () => {
    const { check } = await setup();
    await svc.api('PATCH', `/checks/${check.id}`, { schedule: { type: 'interval', every: 1, unit: 'hours', overdueAfterMinutes: 5 } });
    await report(check, 'comet-success.eml');
    clock.advance(66 * 60_000);
    await svc.scheduler.tick();
    await settle();
    const [alert] = bodies() as any[];
    expect(alert).toMatchObject({ event: 'alert', status: 'overdue', previousStatus: 'success', expectedAt: new Date(clock.now().getTime() - 6 * 60_000).toISOString() });
    expect(alert.text).toContain('No report came');
  });

  it('one slow channel does not hold up another', async () => {
    const slow = await startReceiver({ status: 200, delayMs: 1_500 });
    try {
      const slowChannel = (await svc.api('POST', '/channels', { type: 'webhook', name: 'slow', config: { url: slow.url } })).body;
      const { check } = await setup();
      await svc.api('PATCH', `/checks/${check.id}`, { notifications: { channelIds: [slowChannel.id, ...check.notifications.channelIds] } });
      expect((await svc.send(fixture('comet-error.eml'), [check.address])).code).toBe(250);
      svc.deliveries.wake();
      for (let i = 0; i < 100 && receiver.requests.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(receiver.requests).toHaveLength(1);
      const states = (await svc.api('GET', `/deliveries?checkId=${check.id}`)).body.items.map((d: { channelId: number; state: string }) => [d.channelId, d.state]);
      expect(states).toContainEqual([slowChannel.id, 'sending']);
      await svc.deliveries.idle();
    } finally {
      await slow.close();
    }
  });
});

describe('channels', () => {
  it('keeps secrets encrypted at rest and masked in the API', async () => {
    const token = 'T000/B000/XXXXSECRETXXXX';
    const created = await svc.api('POST', '/channels', { type: 'webhook', name: 'secretive', config: { url: `${receiver.url}/services/${token}`, headers: { Authorization: 'Bearer hunter2' } } });
    expect(created.status).toBe(201);
    expect(created.body.config).toEqual({ url: `${receiver.url}/…`, headers: { Authorization: '…' }, method: 'POST' });
    expect(created.body.secretFields).toEqual(['url', 'headers']);
    const rows = await sql<{ config: string; secrets: string }>`select config, secrets from channels where id = ${created.body.id}`.execute(svc.db);
    expect(JSON.stringify(rows.rows)).not.toContain('SECRET');
    expect(JSON.stringify(rows.rows)).not.toContain('hunter2');
    expect(rows.rows[0]!.secrets).toMatch(/^v1:/);

    const renamed = await svc.api('PATCH', `/channels/${created.body.id}`, { name: 'renamed', config: { method: 'PUT' } });
    expect(renamed.body).toMatchObject({ name: 'renamed', config: { method: 'PUT', url: `${receiver.url}/…` } });
    const outcome = await svc.api('POST', `/channels/${created.body.id}/test`);
    expect(outcome.body).toMatchObject({ ok: true, status: 200 });
    expect(receiver.requests[0]).toMatchObject({ method: 'PUT', url: `/services/${token}` });
    expect(receiver.requests[0]!.headers.authorization).toBe('Bearer hunter2');
    expect(JSON.parse(receiver.requests[0]!.body)).toMatchObject({ event: 'test' });
  });

  it('refuses a config the channel type cannot use, naming the field', async () => {
    const res = await svc.api('POST', '/channels', { type: 'webhook', name: 'bad', config: { url: 'ftp://example.com', bodyTemplate: '{{#each}}' } });
    expect(res.status).toBe(400);
    expect(res.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['config.url', 'config.bodyTemplate']);
    expect((await svc.api('POST', '/channels', { type: 'carrier-pigeon', name: 'x', config: {} })).status).toBe(400);
  });

  it('refuses unknown channels on a check', async () => {
    const res = await svc.api('POST', '/checks', { name: 'x', notifications: { channelIds: [999999] } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('notifications.channelIds[0]');
  });
});

describe('restarts', () => {
  it('resume pending deliveries and send each exactly once', async () => {
    const { check } = await setup();
    receiver.respond({ status: 503 });
    await report(check, 'comet-error.eml');
    const [pending] = (await svc.api('GET', `/deliveries?checkId=${check.id}`)).body.items;
    expect(pending.state).toBe('pending');

    const { dataDir, key } = svc;
    await svc.stop();
    clock.advance(10 * 60_000);
    svc = await startTestService({ clock, env, random, dataDir, key });
    await settle();
    expect(receiver.requests).toHaveLength(2);
    expect((await svc.api('GET', `/deliveries/${pending.id}`)).body.state).toBe('delivered');

    await svc.stop();
    clock.advance(10 * 60_000);
    svc = await startTestService({ clock, env, random, dataDir, key });
    await settle();
    expect(receiver.requests).toHaveLength(2);
  });
});
