import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleViews } from '../../../../test/helpers/alert-views.js';
import { channelContext } from '../../../../test/helpers/channels.js';
import { type FakeSlack, SLACK_CHANNEL, SLACK_TOKEN, startFakeSlack } from '../../../../test/helpers/fake-slack.js';
import { ticketRequests } from '../../../../test/helpers/ticket-requests.js';
import type { TicketRequest } from '../tickets.types.js';
import { slackAppTicketing as slack } from './slack-app.ticketing.js';

let vendor: FakeSlack;
beforeEach(async () => {
  vendor = await startFakeSlack();
});
afterEach(async () => {
  expect(vendor.refused).toEqual([]);
  await vendor.close();
});

const configure = (over: Record<string, unknown> = {}) => slack.config.parse({ apiUrl: vendor.url, token: SLACK_TOKEN, channel: SLACK_CHANNEL, ...over });
const ctx = channelContext();
const req = ticketRequests();
const texts = (blocks: any[]) => blocks.map((b) => b.text?.text ?? b.elements.map((e: any) => e.text).join(' '));

describe('Slack through an app', () => {
  it('starts a thread, replies in it, and marks the first message recovered', async () => {
    const c = configure();
    const opened = await slack.open(c, req.open, ctx);
    const [first] = vendor.messages;
    expect(opened).toEqual({ ok: true, status: 200, ticket: { id: `${SLACK_CHANNEL}/${first!.ts}`, url: `https://acme.slack.com/archives/${SLACK_CHANNEL}/p${first!.ts.replace('.', '')}` } });
    expect(first).toMatchObject({ channel: SLACK_CHANNEL, text: 'Failure: User01: Documents' });
    expect(texts(first!.blocks)[0]).toBe(':red_circle: Failure: User01: Documents');
    const said = first!.blocks[1];

    expect(await slack.note(c, opened.ticket!, { ...req.note, opening: req.open.view }, ctx)).toEqual({ ok: true, status: 200 });
    expect(vendor.replies(first!.ts)).toMatchObject([{ text: 'Failure: User01: Documents' }]);
    expect(vendor.replies(first!.ts)[0]!.reply_broadcast).toBeUndefined();

    expect(await slack.close(c, opened.ticket!, { ...req.close, opening: req.open.view }, ctx)).toEqual({ ok: true, status: 200 });
    expect(first!.edits).toBe(1);
    expect(first!.text).toBe('Recovered: User01: Documents');
    expect(texts(first!.blocks)).toEqual([
      ':large_green_circle: Recovered: User01: Documents',
      'Recovered 2026-11-22 21:05 Europe/Berlin after *Failure* since 2026-11-20 21:14 Europe/Berlin',
      said.text.text,
    ]);
    expect(vendor.replies(first!.ts).map((m) => m.text)).toEqual(['Failure: User01: Documents', 'Recovered: User01: Documents']);
    expect(vendor.top()).toHaveLength(1);
    expect(vendor.requests.map((r) => r.path)).toEqual(['/chat.postMessage', '/chat.getPermalink', '/chat.postMessage', '/chat.update', '/chat.postMessage']);
  });

  it('tells the whole channel when a thread that began as a warning turns into a failure, once', async () => {
    const c = configure();
    const worse: TicketRequest = { ...req.note, view: { ...sampleViews.failure, previousStatus: 'warning', previousStatusLabel: 'Warning' } };
    const warned = (await slack.open(c, req.openWarning, ctx)).ticket!;
    await slack.note(c, warned, { ...worse, opening: req.openWarning.view }, ctx);
    await slack.note(c, warned, { ...req.note, opening: req.openWarning.view }, ctx);
    const failed = (await slack.open(c, req.open, ctx)).ticket!;
    await slack.note(c, failed, { ...worse, opening: req.open.view }, ctx);
    expect(vendor.messages.map((m) => [m.thread_ts ? 'reply' : 'message', m.reply_broadcast ?? false])).toEqual([
      ['message', false],
      ['reply', true],
      ['reply', false],
      ['message', false],
      ['reply', false],
    ]);
  });

  it('starts a new thread after a person deleted the first message', async () => {
    const c = configure();
    const opened = await slack.open(c, req.open, ctx);
    vendor.remove(vendor.messages[0]!.ts);
    expect(await slack.note(c, opened.ticket!, req.note, ctx)).toEqual({ ok: true, status: 200, alreadyClosed: true });
    expect(await slack.close(c, opened.ticket!, req.close, ctx)).toEqual({ ok: true, status: 200, alreadyClosed: true });
    expect(vendor.messages).toEqual([]);
  });

  it('still replies when the workspace allows no edits', async () => {
    const opened = await slack.open(configure(), req.open, ctx);
    vendor.editsClosed = true;
    expect(await slack.close(configure(), opened.ticket!, req.close, ctx)).toEqual({ ok: true, status: 200 });
    expect(vendor.messages[0]!.edits).toBe(0);
    expect(vendor.replies(vendor.messages[0]!.ts).map((m) => m.text)).toEqual(['Recovered: User01: Documents']);
  });

  it('retries rate limits and outages, but not a bad token or a channel the app cannot post to', async () => {
    vendor.down = { status: 429, headers: { 'retry-after': '30' }, json: { ok: false, error: 'ratelimited' } };
    expect(await slack.open(configure(), req.open, ctx)).toMatchObject({ ok: false, retryable: true, status: 429, error: 'Slack chat.postMessage: ratelimited, retry after 30 s' });
    vendor.down = { status: 200, json: { ok: false, error: 'ratelimited' } };
    expect(await slack.open(configure(), req.open, ctx)).toMatchObject({ ok: false, retryable: true });
    vendor.down = { status: 503, text: 'upstream connect error' };
    expect(await slack.open(configure(), req.open, ctx)).toMatchObject({ ok: false, retryable: true, status: 503 });
    vendor.down = null;

    const refusals = [
      [{ token: 'xoxb-2-someone-else' }, 'invalid_auth: the token is not valid'],
      [{ token: 'xoxb-revoked' }, 'token_revoked'],
      [{ channel: 'C0LOBBY' }, 'not_in_channel: the app is not in the channel: invite it'],
      [{ channel: 'C0NOWHERE' }, 'channel_not_found'],
      [{ channel: 'C0ARCHIVED' }, 'is_archived'],
    ] as const;
    for (const [over, error] of refusals) {
      const outcome = await slack.open(configure(over), req.open, ctx);
      expect(outcome).toMatchObject({ ok: false, retryable: false, status: 200 });
      expect(!outcome.ok && outcome.error).toContain(`Slack chat.postMessage: ${error}`);
    }
    expect(vendor.messages).toEqual([]);
  });

  it('keeps report text from mentioning anyone', async () => {
    const check = { ...sampleViews.failure.check, name: 'Docs <!channel>' };
    const view = { ...sampleViews.failure, check, activity: { ...sampleViews.failure.activity, subject: 'Error <@U024BE7LH> & <!here|here> @everyone' }, keyLines: ['Note: <!subteam^S0ADMINS> <https://evil.example|click>'] };
    await slack.open(configure(), { ...req.open, view }, ctx);
    const [message] = vendor.messages;
    const marked = [message!.text, ...texts(message!.blocks).slice(1)].join('\n');
    expect(marked).not.toMatch(/<[!@#]/);
    expect(marked).toContain('Error &lt;@U024BE7LH&gt; &amp; &lt;!here|here&gt; @everyone');
    expect(marked).toContain('&lt;https://evil.example|click&gt;');
    expect(message!.blocks[1].text.verbatim).toBe(true);
    // A header is plain text: Slack shows it as written and links nothing in it.
    expect(message!.blocks[0].text).toEqual({ type: 'plain_text', text: ':red_circle: Failure: Docs <!channel>', emoji: true });
  });

  it('verifies the token, then that the app may post to the channel', async () => {
    expect(await slack.verify(configure(), ctx)).toEqual({ ok: true, status: 200, response: 'posted as backwatch to Acme' });
    expect(vendor.requests.map((r) => r.path)).toEqual(['/auth.test', '/chat.postMessage']);
    expect(vendor.messages).toMatchObject([{ channel: SLACK_CHANNEL, text: 'Test message from backwatch' }]);

    expect(await slack.verify(configure({ channel: 'C0LOBBY' }), ctx)).toMatchObject({ ok: false, retryable: false, error: expect.stringContaining('not_in_channel') });
    expect(await slack.verify(configure({ channel: 'C0NOWHERE' }), ctx)).toMatchObject({ ok: false, error: expect.stringContaining('channel_not_found') });
    const before = vendor.requests.length;
    expect(await slack.verify(configure({ token: 'xoxb-wrong' }), ctx)).toMatchObject({ ok: false, retryable: false, error: 'Slack auth.test: invalid_auth: the token is not valid' });
    expect(vendor.requests.slice(before).map((r) => r.path)).toEqual(['/auth.test']);
    expect(vendor.messages).toHaveLength(1);
  });

  it('takes a bot token and a channel id, and keeps the token secret', () => {
    expect(slack.config.parse({ token: 'xoxb-1-2-abc', channel: 'C0123456789' })).toMatchObject({ apiUrl: 'https://slack.com/api', closeOnRecovery: true, warnings: 'ticket' });
    expect(() => slack.config.parse({ token: 'hunter2', channel: 'C0123456789' })).toThrow(/bot token/);
    expect(() => slack.config.parse({ token: 'xoxb-1', channel: '#backups' })).toThrow(/channel id/);
    expect(() => slack.config.parse({ token: 'xoxb-1', channel: 'U0123456789' })).toThrow(/channel id/);
    expect(slack.secrets).toEqual(['token']);
  });
});
