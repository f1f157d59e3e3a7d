import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AlertView, sampleViews } from '../../../../test/helpers/alert-views.js';
import { channelContext, templates } from '../../../../test/helpers/channels.js';
import { type Received, type Receiver, startReceiver } from '../../../../test/helpers/receiver.js';
import { ntfyChannel } from './ntfy.channel.js';

const token = 'tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2'; // the example token from https://docs.ntfy.sh/publish/
const FIELDS = ['topic', 'message', 'title', 'tags', 'priority', 'actions', 'click', 'attach', 'markdown', 'icon', 'filename', 'delay', 'email', 'call'];

/** Refuses what https://docs.ntfy.sh/publish/#publish-as-json does not describe, and a missing credential. */
const ntfyShape =
  (authorization?: string) =>
  (req: Received): string | null => {
    if (req.method !== 'POST' || req.url !== '/') return `JSON is published to the root URL, not ${req.method} ${req.url}`;
    if (req.headers['content-type'] !== 'application/json') return 'not sent as JSON';
    if (req.headers.authorization !== authorization) return `authorization ${req.headers.authorization ?? 'missing'}`;
    const m = JSON.parse(req.body);
    const unknown = Object.keys(m).filter((k) => !FIELDS.includes(k));
    if (unknown.length) return `unknown fields: ${unknown.join(', ')}`;
    if (!/^[-_A-Za-z0-9]{1,64}$/.test(m.topic)) return 'invalid topic';
    if (typeof m.message !== 'string' || Buffer.byteLength(m.message) > 4096) return 'message missing or over 4,096 bytes';
    if (m.priority !== undefined && ![1, 2, 3, 4, 5].includes(m.priority)) return 'priority is 1 to 5';
    if (m.tags !== undefined && !(Array.isArray(m.tags) && m.tags.every((t: unknown) => typeof t === 'string'))) return 'tags are strings';
    if (m.click !== undefined && !URL.canParse(m.click)) return 'click is a URL';
    return null;
  };

let receiver: Receiver;
beforeEach(async () => {
  receiver = await startReceiver({ status: 200, body: '{"id":"sPs71M8A2T","time":1795205640,"event":"message","topic":"backups-7f3a"}' });
  receiver.validate(ntfyShape());
});
afterEach(() => receiver.close());

const configure = (c: Record<string, unknown> = {}) => ntfyChannel.config.parse({ server: receiver.url, topic: 'backups-7f3a', ...c });
const sent = () => receiver.requests.map((r) => JSON.parse(r.body));

describe('ntfy', () => {
  it('publishes every kind of message as JSON, with a priority and tag by status and the check as click action', async () => {
    for (const [name, view] of Object.entries(sampleViews)) {
      expect(await ntfyChannel.send(configure(), view, channelContext()), name).toMatchObject({ ok: true, status: 200 });
    }
    expect(receiver.problems).toEqual([]);
    expect(sent().map((m) => [m.priority, m.tags[0]])).toEqual([
      [5, 'rotating_light'],
      [3, 'warning'],
      [4, 'hourglass'],
      [2, 'white_check_mark'],
      [3, 'bell'],
    ]);
    const [failure] = sent();
    expect(failure).toMatchObject({ topic: 'backups-7f3a', title: 'Failure: User01: Documents (Acme Corp)', click: 'https://backwatch.example.com/checks/42' });
    expect(failure.message).toBe(templates.render('ntfy', 'alert', sampleViews.failure).split('\n').slice(1).join('\n'));
    expect(sent()[4]).not.toHaveProperty('click');
  });

  it('sends an access token as Bearer', async () => {
    receiver.validate(ntfyShape(`Bearer ${token}`));
    expect(await ntfyChannel.send(configure({ token, priorities: { failure: 4 } }), sampleViews.failure, channelContext())).toMatchObject({ ok: true });
    expect(sent()[0].priority).toBe(4);
  });

  it('sends a user name and password as Basic', async () => {
    receiver.validate(ntfyShape('Basic dGVzdHVzZXI6ZmFrZXBhc3N3b3Jk'));
    const c = configure({ username: 'testuser', password: 'fakepassword' });
    expect(await ntfyChannel.send(c, sampleViews.warning, channelContext())).toMatchObject({ ok: true });
  });

  it('takes one kind of credential, a valid topic and priorities within 1..5', () => {
    expect(() => configure({ token, username: 'u', password: 'p' })).toThrow(/not both/);
    expect(() => configure({ username: 'u' })).toThrow(/go together/);
    expect(() => configure({ topic: 'has space' })).toThrow(/topic/);
    expect(() => configure({ priorities: { failure: 6 } })).toThrow();
  });

  it('cuts the message to 4,096 bytes without splitting a character', async () => {
    const long: AlertView = { ...sampleViews.failure, keyLines: Array(12).fill(`Item: ${'€'.repeat(150)}`) };
    expect(await ntfyChannel.send(configure(), long, channelContext())).toMatchObject({ ok: true });
    const { message } = sent()[0];
    expect(Buffer.byteLength(message)).toBeGreaterThan(4090);
    expect(Buffer.byteLength(message)).toBeLessThanOrEqual(4096);
    expect(message).toMatch(/€…$/);
  });

  it.each([
    [500, true],
    [502, true],
    [429, true],
    [401, false],
    [403, false],
    [400, false],
  ])('reads HTTP %i as a failure, retryable: %s', async (status, retryable) => {
    receiver.respond({ status, body: '{"code":40301,"http":403,"error":"forbidden"}' });
    expect(await ntfyChannel.send(configure(), sampleViews.failure, channelContext())).toMatchObject({ ok: false, retryable, status });
  });

  it('has message texts for every event', () => {
    for (const [name, view] of Object.entries(sampleViews)) {
      expect(templates.render('ntfy', view.event, view)).toMatchSnapshot(name);
    }
  });
});
