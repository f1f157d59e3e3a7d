import webpush from 'web-push';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mediumContext } from '../../../../test/helpers/channels.js';
import { sampleMessages } from '../../../../test/helpers/personal-messages.js';
import { type PushService, startPushService } from '../../../../test/helpers/push-service.js';
import { makeVapidKeys, webpushMedium } from './webpush.medium.js';
import { pushTag, pushTopic } from './webpush.payload.js';

// The push service is test/helpers/push-service.ts: it decrypts (RFC 8291) and verifies VAPID (RFC 8292) on its own.

let push: PushService;
beforeEach(async () => {
  push = await startPushService();
});
afterEach(() => push.close());

const vapid = makeVapidKeys();
const org = webpushMedium.org.parse({ ...vapid, subject: 'mailto:ops@example.com' });
const browser = () => webpushMedium.target.parse(push.subscribe(vapid.publicKey));

describe('Web Push', () => {
  it('pushes the notification encrypted for the browser, signed with the VAPID keys, for one day, urgent for a problem', async () => {
    const subscription = browser();
    const before = Math.floor(Date.now() / 1000);
    expect(await webpushMedium.send(org, subscription, sampleMessages.failure, mediumContext())).toMatchObject({ ok: true, status: 201 });
    expect(push.refused).toEqual([]);
    const [received] = push.received;
    expect(received!.endpoint).toBe(subscription.endpoint);
    expect(JSON.parse(received!.text)).toEqual({
      title: 'Failure: User01: Documents (Acme Corp)',
      body: sampleMessages.failure.body,
      url: 'https://backwatch.example.com/checks/42',
      tag: 'backwatch:check:User01: Documents (Acme Corp)',
      status: 'failure',
    });
    expect(received).toMatchObject({ ttl: 86_400, urgency: 'high', topic: pushTopic(pushTag(sampleMessages.failure)) });
    expect(received!.vapid).toMatchObject({ aud: push.url, sub: 'mailto:ops@example.com', k: vapid.publicKey });
    expect(received!.vapid.exp).toBeGreaterThan(before);
    expect(received!.vapid.exp).toBeLessThanOrEqual(before + 24 * 60 * 60 + 1);
  });

  it('gives a recovery low urgency and the same topic, so it replaces the failure a browser has not fetched yet', async () => {
    const subscription = browser();
    for (const m of [sampleMessages.failure, sampleMessages.restore, sampleMessages.test]) {
      expect(await webpushMedium.send(org, subscription, m, mediumContext())).toMatchObject({ ok: true });
    }
    expect(push.refused).toEqual([]);
    const [failure, restore, test] = push.received;
    expect([restore!.urgency, restore!.topic]).toEqual(['low', failure!.topic]);
    expect(JSON.parse(test!.text)).toEqual({ title: sampleMessages.test.title, body: sampleMessages.test.body, url: null, tag: 'backwatch:test', status: 'test' });
    expect(test!.topic).not.toBe(failure!.topic);
  });

  it('keeps a long message within what every push service takes', async () => {
    const long = { ...sampleMessages.failure, body: 'Failed: D:\\Shares\\Finance\\Q3.xlsx — access denied\n'.repeat(300) };
    expect(await webpushMedium.send(org, browser(), long, mediumContext())).toMatchObject({ ok: true });
    expect(push.refused).toEqual([]);
    const shown = JSON.parse(push.received[0]!.text);
    expect(Buffer.byteLength(push.received[0]!.text)).toBeLessThanOrEqual(3000);
    expect(shown.title).toBe(long.title);
    expect(shown.body.endsWith('…')).toBe(true);
  });

  it.each([410, 404])('reads HTTP %i as a subscription gone for good', async (status) => {
    const subscription = browser();
    push.answer(subscription.endpoint, status);
    expect(await webpushMedium.send(org, subscription, sampleMessages.failure, mediumContext())).toMatchObject({ ok: false, retryable: false, gone: true, status });
    expect(push.received).toEqual([]);
  });

  it.each([
    [429, true],
    [503, true],
    [413, false],
  ])('reads HTTP %i as a failure, retryable: %s, the subscription kept', async (status, retryable) => {
    const subscription = browser();
    push.answer(subscription.endpoint, status);
    const outcome = await webpushMedium.send(org, subscription, sampleMessages.failure, mediumContext());
    expect(outcome).toMatchObject({ ok: false, retryable, status });
    expect(outcome).not.toHaveProperty('gone');
  });

  it('is refused when signed with a key other than the one the browser subscribed with', async () => {
    const other = webpushMedium.org.parse({ ...makeVapidKeys(), subject: 'https://backwatch.example.com' });
    const outcome = await webpushMedium.send(other, browser(), sampleMessages.failure, mediumContext());
    expect(outcome).toMatchObject({ ok: false, retryable: false, status: 403 });
    expect(outcome).not.toHaveProperty('gone');
    expect(push.refused).toEqual([expect.stringContaining('not the key the subscription was made with')]);
  });

  it('is refused when the public key named is not the one that signed', async () => {
    const forged = { ...org, privateKey: makeVapidKeys().privateKey };
    expect(await webpushMedium.send(forged, browser(), sampleMessages.failure, mediumContext())).toMatchObject({ ok: false, retryable: false, status: 403 });
    expect(push.refused).toEqual([expect.stringContaining('signature does not verify')]);
  });

  it('refuses a message it cannot decrypt, or one without TTL (the stand-in checks itself)', async () => {
    const subscription = browser();
    const request = webpush.generateRequestDetails(subscription, '{"title":"x"}', { vapidDetails: { ...vapid, subject: 'mailto:ops@example.com' } });
    const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
    const body = Buffer.from(request.body!);
    body[body.length - 1]! ^= 1;
    const post = (h: Record<string, string>, b: Buffer) => mediumContext().http.send({ method: 'POST', url: subscription.endpoint, headers: h, body: b });
    expect((await post(headers, body)).status).toBe(400);
    const { TTL: _, ...withoutTtl } = headers;
    expect((await post(withoutTtl, request.body!)).status).toBe(400);
    expect(push.refused).toEqual([expect.stringContaining('cannot decrypt'), expect.stringContaining('TTL is required')]);
    expect(push.received).toEqual([]);
  });

  it('takes VAPID keys of the right size, a contact, and a subscription as a browser gives it; the secrets are named', () => {
    expect(() => webpushMedium.org.parse({ ...vapid, publicKey: vapid.privateKey, subject: 'mailto:ops@example.com' })).toThrow(/65 bytes/);
    expect(() => webpushMedium.org.parse({ ...vapid, subject: 'ops@example.com' })).toThrow(/mailto/);
    expect(() => webpushMedium.org.parse({ ...vapid, subject: 'http://backwatch.example.com' })).toThrow(/mailto/);
    const subscription = push.subscribe(vapid.publicKey);
    expect(() => webpushMedium.target.parse({ ...subscription, keys: { ...subscription.keys, auth: 'c2hvcnQ' } })).toThrow(/16 bytes/);
    expect(() => webpushMedium.target.parse({ ...subscription, endpoint: 'ftp://push.example.com/x' })).toThrow();
    expect([webpushMedium.orgSecrets, webpushMedium.targetSecrets]).toEqual([['privateKey'], ['keys']]);
  });
});
