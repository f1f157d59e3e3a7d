import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleViews } from '../../../../test/helpers/alert-views.js';
import { channelContext, templates } from '../../../../test/helpers/channels.js';
import { type Received, type Receiver, startReceiver } from '../../../../test/helpers/receiver.js';
import { postJson } from './channel.http.js';
import { teamsChannel, teamsEscape } from './teams.channel.js';

const FLOW = '/workflows/0123abcd/triggers/manual/paths/invoke?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=s3cret';
const COLORS = ['default', 'dark', 'light', 'accent', 'good', 'warning', 'attention'];

/** Refuses what a Workflows "When a Teams webhook request is received" flow would not post as an Adaptive Card. */
function teamsProblem(req: Received): string | null {
  if (req.method !== 'POST' || req.url !== FLOW) return 'unknown flow';
  if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return 'not JSON';
  if (Buffer.byteLength(req.body) > 28 * 1024) return 'message over 28 KB';
  const message = JSON.parse(req.body);
  if (message.type !== 'message' || !Array.isArray(message.attachments) || message.attachments.length !== 1) return 'not a message with one attachment';
  const [attachment] = message.attachments;
  if (attachment.contentType !== 'application/vnd.microsoft.card.adaptive') return `contentType ${attachment.contentType}`;
  if (attachment.contentUrl !== null) return 'contentUrl must be null';
  const card = attachment.content;
  if (card?.type !== 'AdaptiveCard' || !['1.4', '1.5'].includes(card.version)) return 'not an Adaptive Card 1.4/1.5';
  if (card.$schema !== 'http://adaptivecards.io/schemas/adaptive-card.json') return 'no $schema';
  if (!Array.isArray(card.body) || !card.body.length) return 'empty card';
  for (const block of card.body) {
    if (block.type !== 'TextBlock' || typeof block.text !== 'string' || !block.text || block.wrap !== true) return 'bad TextBlock';
    if (block.color !== undefined && !COLORS.includes(block.color.toLowerCase())) return `color ${block.color}`;
  }
  for (const action of card.actions ?? []) {
    if (action.type !== 'Action.OpenUrl' || !action.title || !/^https:\/\//.test(action.url)) return 'bad action';
  }
  return null;
}

let receiver: Receiver;
beforeEach(async () => {
  receiver = await startReceiver({ status: 202, body: '' });
  receiver.validate(teamsProblem);
});
afterEach(() => receiver.close());

const configure = () => teamsChannel.config.parse({ url: `${receiver.url}${FLOW}` });
const card = (i = 0) => JSON.parse(receiver.requests[i]!.body).attachments[0].content;

describe('Microsoft Teams', () => {
  it.each(Object.entries(sampleViews))('posts a %s card the flow accepts', async (_, view) => {
    expect(await teamsChannel.send(configure(), view, channelContext())).toEqual({ ok: true, status: 202, response: '' });
    expect(receiver.problems).toEqual([]);
  });

  it('says what failed, why, in red, with a button to the check', async () => {
    await teamsChannel.send(configure(), sampleViews.failure, channelContext());
    const { body, actions } = card();
    expect(body[0]).toEqual({ type: 'TextBlock', text: 'Failure: User01: Documents', weight: 'bolder', size: 'medium', color: 'attention', wrap: true });
    expect(body[1].text).toContain('**Check:** [User01: Documents](https://backwatch.example.com/checks/42) · **Group:** Acme Corp');
    expect(body[1].text).toContain('**Why:** Body contains "Status: Error"');
    expect(body[1].text).toContain('- Status: Error\n- Protected Item: "Documents"');
    expect(actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open in backwatch', url: 'https://backwatch.example.com/checks/42' }]);
  });

  it('colours warnings amber and recoveries green, and tells when an overdue report was expected', async () => {
    for (const view of [sampleViews.warning, sampleViews.restore, sampleViews.overdue]) await teamsChannel.send(configure(), view, channelContext());
    expect([0, 1, 2].map((i) => card(i).body[0].color)).toEqual(['warning', 'good', 'attention']);
    expect(card(2).body[1].text).toContain('expected at **2026-11-21 21:00 Europe/Berlin**');
  });

  it('sends no button with a test message', async () => {
    await teamsChannel.send(configure(), sampleViews.test, channelContext());
    expect(card().actions).toBeUndefined();
  });

  it('keeps <, & and quotes as typed and escapes Markdown', async () => {
    await teamsChannel.send(configure(), sampleViews.warning, channelContext());
    expect(card().body[1].text).toContain('**Report:** Warning - Backup of "Documents" <with> & "quotes"');
    const view = { ...sampleViews.failure, check: { ...sampleViews.failure.check, name: 'App_Pool_01 *[nightly]*' } };
    await teamsChannel.send(configure(), view, channelContext());
    expect(card(1).body[0].text).toBe('Failure: App\\_Pool\\_01 \\*\\[nightly\\]\\*');
  });

  it('cuts long texts to stay under the 28 KB message limit instead of being refused', async () => {
    const check = { ...sampleViews.failure.check, name: 'N'.repeat(400) };
    const view = { ...sampleViews.failure, check, keyLines: Array.from({ length: 200 }, (_, i) => `Line ${i}: ${'€ x_y '.repeat(80)}`) };
    expect(await teamsChannel.send(configure(), view, channelContext())).toMatchObject({ ok: true });
    const { body } = card();
    expect(body[0].text).toHaveLength(200);
    expect(body[1].text.length).toBeLessThanOrEqual(8000);
    expect(body[1].text).toMatch(/…$/);
  });

  it.each([[500, true], [502, true], [429, true], [400, false], [401, false], [404, false]])('reads HTTP %i as a failure, retryable: %s', async (status, retryable) => {
    receiver.respond({ status, body: '{"error":{"code":"x"}}' });
    expect(await teamsChannel.send(configure(), sampleViews.failure, channelContext())).toMatchObject({ ok: false, retryable, status });
  });

  it('takes a webhook URL and keeps it secret', () => {
    expect(() => teamsChannel.config.parse({ url: 'not a url' })).toThrow();
    expect(() => teamsChannel.config.parse({})).toThrow();
    expect(teamsChannel.secrets).toEqual(['url']);
  });

  it('stands in for a Workflows flow: refuses connector MessageCards and other content types', async () => {
    const messageCard = { '@type': 'MessageCard', '@context': 'https://schema.org/extensions', summary: 's', text: 't' };
    const heroCard = { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.hero', contentUrl: null, content: {} }] };
    for (const payload of [messageCard, heroCard]) expect(await postJson(channelContext(), configure().url, payload)).toMatchObject({ ok: false, status: 400 });
    expect(receiver.problems).toHaveLength(2);
  });

  it('has message texts for every event', () => {
    for (const [name, view] of Object.entries(sampleViews)) expect(templates.render('teams', view.event, view, teamsEscape)).toMatchSnapshot(name);
  });
});
