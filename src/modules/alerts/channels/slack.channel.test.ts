import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleViews } from '../../../../test/helpers/alert-views.js';
import { channelContext, templates } from '../../../../test/helpers/channels.js';
import { type Received, type Receiver, startReceiver } from '../../../../test/helpers/receiver.js';
import { postJson } from './channel.http.js';
import { mrkdwnEscape } from './slack.blocks.js';
import { slackChannel } from './slack.channel.js';

const HOOK = '/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX';

/** Each `&` an entity, each `<` the start of a `<url|text>` link: anything else is unescaped user text. */
const unescapedMrkdwn = (text: string) => /&(?!amp;|lt;|gt;)|<(?!https?:\/\/[^\s<>|]+\|[^<>]+>)/.test(text);

/** Refuses what Slack's incoming webhooks refuse, in Slack's words. */
function slackProblem(req: Received): string | null {
  if (req.method !== 'POST' || req.url !== HOOK) return 'no_service';
  if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return 'invalid_payload: not JSON';
  const message = JSON.parse(req.body);
  if (typeof message.text !== 'string' || !message.text) return 'no_text';
  if (unescapedMrkdwn(message.text)) return 'invalid_payload: unescaped text';
  if (message.blocks !== undefined && (!Array.isArray(message.blocks) || message.blocks.length > 50)) return 'invalid_blocks';
  for (const { type, text } of message.blocks ?? []) {
    const [kind, max] = type === 'header' ? ['plain_text', 150] : type === 'section' ? ['mrkdwn', 3000] : [];
    if (!kind || text?.type !== kind || typeof text.text !== 'string' || !text.text || text.text.length > max!) return `invalid_blocks: ${type}`;
    if (kind === 'mrkdwn' && unescapedMrkdwn(text.text)) return `invalid_blocks: unescaped ${type}`;
  }
  return null;
}

let receiver: Receiver;
beforeEach(async () => {
  receiver = await startReceiver();
  receiver.validate(slackProblem);
});
afterEach(() => receiver.close());

const configure = () => slackChannel.config.parse({ url: `${receiver.url}${HOOK}` });
const sent = (i = 0) => JSON.parse(receiver.requests[i]!.body);

describe('Slack', () => {
  it.each(Object.entries(sampleViews))('posts a %s message Slack accepts', async (_, view) => {
    expect(await slackChannel.send(configure(), view, channelContext())).toEqual({ ok: true, status: 200, response: 'ok' });
    expect(receiver.problems).toEqual([]);
  });

  it('says what failed, why, and links the check', async () => {
    await slackChannel.send(configure(), sampleViews.failure, channelContext());
    const { text, blocks } = sent();
    expect(text).toBe('Failure: User01: Documents');
    expect(blocks[0].text).toEqual({ type: 'plain_text', text: ':red_circle: Failure: User01: Documents', emoji: true });
    // verbatim: Slack links no bare URL, #channel or @word of the report's on its own.
    expect(blocks[1].text).toMatchObject({ type: 'mrkdwn', verbatim: true });
    const section = blocks[1].text.text;
    expect(section).toContain('*Check:* <https://backwatch.example.com/checks/42|User01: Documents>  ·  *Group:* Acme Corp');
    expect(section).toContain('*Status:* Failure (was Success)');
    expect(section).toContain('*Why:* Body contains "Status: Error"');
    expect(section).toContain('>Status: Error\n>Protected Item: "Documents"');
  });

  it('tells when an overdue report was expected', async () => {
    await slackChannel.send(configure(), sampleViews.overdue, channelContext());
    expect(sent().blocks[0].text.text).toBe(':red_circle: Overdue: User01: Documents');
    expect(sent().blocks[1].text.text).toContain('expected at *2026-11-21 21:00 Europe/Berlin*');
  });

  it('escapes &, < and > in mrkdwn but not in the plain-text header', async () => {
    const view = { ...sampleViews.warning, check: { ...sampleViews.warning.check, name: 'Docs <b> & co' } };
    await slackChannel.send(configure(), view, channelContext());
    const { text, blocks } = sent();
    expect(blocks[0].text.text).toBe(':large_yellow_circle: Warning: Docs <b> & co');
    expect(text).toBe('Warning: Docs &lt;b&gt; &amp; co');
    expect(blocks[1].text.text).toContain('*Report:* Warning - Backup of "Documents" &lt;with&gt; &amp; "quotes"');
  });

  it('cuts long texts to the Block Kit limits instead of being refused', async () => {
    const check = { ...sampleViews.failure.check, name: 'N'.repeat(400) };
    const view = { ...sampleViews.failure, check, keyLines: Array.from({ length: 200 }, (_, i) => `Line ${i}: ${'x & y '.repeat(80)}`) };
    expect(await slackChannel.send(configure(), view, channelContext())).toMatchObject({ ok: true });
    const { blocks } = sent();
    expect(blocks[0].text.text).toHaveLength(150);
    expect(blocks[1].text.text.length).toBeLessThanOrEqual(3000);
    expect(blocks[1].text.text).toMatch(/x…$/); // cut before a half-written &amp;
  });

  const answers = [[500, 'rollup_error', true], [503, '', true], [429, 'rate_limited', true], [400, 'invalid_payload', false],
    [403, 'action_prohibited', false], [404, 'no_service', false], [410, 'channel_is_archived', false]] as const;
  it.each(answers)('reads HTTP %i %s as a failure, retryable: %s', async (status, body, retryable) => {
    receiver.respond({ status, body });
    expect(await slackChannel.send(configure(), sampleViews.failure, channelContext())).toMatchObject({ ok: false, retryable, status, response: body });
  });

  it('takes a webhook URL and keeps it secret', () => {
    expect(() => slackChannel.config.parse({ url: 'hooks.slack.com/services/x' })).toThrow();
    expect(() => slackChannel.config.parse({ url: 'ftp://hooks.slack.com/services/x' })).toThrow();
    expect(slackChannel.config.parse({ url: 'https://hooks.slack.com/services/T/B/x', username: 'ignored' })).toEqual({ url: 'https://hooks.slack.com/services/T/B/x' });
    expect(slackChannel.secrets).toEqual(['url']);
  });

  it('stands in for Slack: refuses unescaped mrkdwn and over-long blocks', async () => {
    const header = (text: string) => ({ type: 'header', text: { type: 'plain_text', text } });
    const section = { type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } };
    const refused = [{ text: 'a <with> b', blocks: [header('t')] }, { text: 't', blocks: [header('x'.repeat(151))] }, { text: 't', blocks: [section] }];
    for (const payload of refused) expect(await postJson(channelContext(), configure().url, payload)).toMatchObject({ ok: false, status: 400 });
    expect(receiver.problems).toHaveLength(3);
  });

  it('has message texts for every event', () => {
    for (const [name, view] of Object.entries(sampleViews)) expect(templates.render('slack', view.event, view, mrkdwnEscape)).toMatchSnapshot(name);
  });
});
