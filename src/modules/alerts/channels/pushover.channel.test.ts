import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AlertView, sampleViews } from '../../../../test/helpers/alert-views.js';
import { channelContext, templates } from '../../../../test/helpers/channels.js';
import { type Received, type Receiver, startReceiver } from '../../../../test/helpers/receiver.js';
import { pushoverChannel } from './pushover.channel.js';

// The example token and user key from https://pushover.net/api.
const token = 'azGDORePK8gMaC0QOYAMyEEuzJnyUi';
const user = 'uQiRzpo4DXghDmr9QzzfQu27cmVRsG';
const KEY = /^[A-Za-z0-9]{30}$/;

/** Refuses what the messages API refuses, answering as it documents: 4xx with `status: 0` and `errors`. */
function pushoverShape(req: Received): string | null {
  const refuse = (errors: string[]) => JSON.stringify({ status: 0, errors, request: 'test-request' });
  if (req.method !== 'POST' || req.url !== '/1/messages.json') return refuse([`${req.method} ${req.url} is not the messages API`]);
  if (req.headers['content-type'] !== 'application/x-www-form-urlencoded') return refuse(['parameters must be form-encoded']);
  const p = new URLSearchParams(req.body);
  const chars = (name: string) => Array.from(p.get(name) ?? '').length;
  const priority = p.get('priority') ?? '0';
  const errors = [
    !KEY.test(p.get('token') ?? '') && 'application token is invalid',
    !KEY.test(p.get('user') ?? '') && 'user identifier is invalid',
    !p.get('message') && 'message cannot be blank',
    chars('message') > 1024 && 'message is too long',
    chars('title') > 250 && 'title is too long',
    chars('url') > 512 && 'url is too long',
    chars('url_title') > 100 && 'url_title is too long',
    !['-2', '-1', '0', '1', '2'].includes(priority) && 'priority is invalid',
    priority === '2' && !(p.has('retry') && p.has('expire')) && 'retry and expire are required with priority 2',
  ].filter((e): e is string => typeof e === 'string');
  return errors.length ? refuse(errors) : null;
}

let receiver: Receiver;
beforeEach(async () => {
  receiver = await startReceiver({ status: 200, body: '{"status":1,"request":"647d2300-702c-4b38-8b2f-d56326ae460b"}' });
  receiver.validate(pushoverShape);
});
afterEach(() => receiver.close());

const configure = (c: Record<string, unknown> = {}) => pushoverChannel.config.parse({ token, user, apiUrl: receiver.url, ...c });
const sent = () => receiver.requests.map((r) => Object.fromEntries(new URLSearchParams(r.body)));

describe('Pushover', () => {
  it('sends every kind of message as the messages API documents, with a priority by status and a link to the check', async () => {
    for (const [name, view] of Object.entries(sampleViews)) {
      expect(await pushoverChannel.send(configure(), view, channelContext()), name).toMatchObject({ ok: true, status: 200 });
    }
    expect(receiver.problems).toEqual([]);
    expect(sent().map((p) => p.priority)).toEqual(['1', '0', '1', '-1', '0']); // failure, warning, overdue, restore, test
    const [failure] = sent();
    expect(failure).toMatchObject({ token, user, title: 'Failure: User01: Documents (Acme Corp)', url: 'https://backwatch.example.com/checks/42', timestamp: '1795205640' });
    expect(failure!.message).toContain('Why: Body contains "Status: Error"');
    expect(failure!.message).toBe(templates.render('pushover', 'alert', sampleViews.failure).split('\n').slice(1).join('\n'));
    expect(sent()[4]).not.toHaveProperty('url');
  });

  it('takes the priorities and device configured, within -2..1', async () => {
    await pushoverChannel.send(configure({ priorities: { failure: 0 }, device: 'droid4,iphone' }), sampleViews.failure, channelContext());
    expect(sent()[0]).toMatchObject({ priority: '0', device: 'droid4,iphone' });
    expect(() => configure({ priorities: { failure: 2 } })).toThrow();
    expect(() => configure({ token: 'short' })).toThrow(/30 letters/);
  });

  it('cuts long text to the documented limits', async () => {
    const long: AlertView = { ...sampleViews.failure, check: { ...sampleViews.failure.check, name: 'N'.repeat(400) }, keyLines: Array(12).fill(`Item: ${'ü'.repeat(150)}`) };
    expect(await pushoverChannel.send(configure(), long, channelContext())).toMatchObject({ ok: true });
    const [p] = sent();
    expect(Array.from(p!.title!)).toHaveLength(250);
    expect(Array.from(p!.message!)).toHaveLength(1024);
    expect(p!.message!.endsWith('…')).toBe(true);
  });

  it('refuses what Pushover would refuse (the stand-in checks itself)', () => {
    expect(pushoverShape({ method: 'POST', url: '/1/messages.json', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'token=x&priority=2' })).toMatch(
      /"status":0,"errors":\["application token is invalid","user identifier is invalid","message cannot be blank","retry and expire/,
    );
  });

  it.each([
    [500, '', true],
    [503, '', true],
    [400, '{"user":"invalid","errors":["user identifier is invalid"],"status":0,"request":"x"}', false],
    [429, '{"errors":["application is over its monthly message limit"],"status":0}', false],
    [200, '{"errors":["message cannot be blank"],"status":0}', false],
  ])('reads HTTP %i as a failure, retryable only for a server error', async (status, body, retryable) => {
    receiver.respond({ status, body });
    const outcome = await pushoverChannel.send(configure(), sampleViews.failure, channelContext());
    expect(outcome).toMatchObject({ ok: false, retryable, status });
    if (body) expect(outcome).toMatchObject({ error: expect.stringContaining(JSON.parse(body).errors[0]) });
  });

  it('has message texts for every event', () => {
    for (const [name, view] of Object.entries(sampleViews)) {
      expect(templates.render('pushover', view.event, view)).toMatchSnapshot(name);
    }
  });
});
