import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AlertView, sampleViews } from '../../../../test/helpers/alert-views.js';
import { channelContext, templates } from '../../../../test/helpers/channels.js';
import { type Received, type Receiver, startReceiver } from '../../../../test/helpers/receiver.js';
import { discordChannel } from './discord.channel.js';

const HOOK = '/api/webhooks/223704706495545344/3d89bb7572e0fb30d8128367b3b1b44f';
const FIELDS = ['content', 'username', 'avatar_url', 'tts', 'embeds', 'allowed_mentions', 'components', 'attachments', 'flags', 'thread_name', 'applied_tags', 'poll'];
const MENTION_TYPES = ['roles', 'users', 'everyone'];

/** Refuses what Discord's Execute Webhook refuses: the documented fields, types and embed limits. */
function executeWebhookProblem(req: Received): string | null {
  if (req.method !== 'POST' || req.url !== `${HOOK}?wait=true`) return `unexpected ${req.method} ${req.url}`;
  if (req.headers['content-type'] !== 'application/json') return 'not JSON';
  const body = JSON.parse(req.body);
  const unknown = Object.keys(body).filter((k) => !FIELDS.includes(k));
  if (unknown.length) return `unknown fields ${unknown}`;
  if (body.content === undefined && !body.embeds?.length) return 'one of content, embeds is required';
  if (body.username !== undefined && (body.username.length > 80 || /clyde|discord/i.test(body.username))) return 'bad username';
  if (!body.allowed_mentions?.parse?.every((p: string) => MENTION_TYPES.includes(p))) return 'bad allowed_mentions';
  if (!Array.isArray(body.embeds) || body.embeds.length > 10) return 'embeds: up to 10';
  let total = 0;
  for (const e of body.embeds) {
    if (typeof e.title !== 'string' || e.title.trim() === '' || e.title.length > 256) return 'embed title: 1-256';
    if (e.description !== undefined && (typeof e.description !== 'string' || e.description.length > 4096)) return 'embed description: up to 4096';
    if (e.url !== undefined && !/^https?:\/\//.test(e.url)) return 'embed url';
    if (!Number.isInteger(e.color) || e.color < 0 || e.color > 0xffffff) return 'embed color: an integer';
    if (Number.isNaN(Date.parse(e.timestamp))) return 'embed timestamp: ISO 8601';
    total += e.title.length + (e.description?.length ?? 0);
  }
  return total > 6000 ? 'embeds: 6000 characters in all' : null;
}

let receiver: Receiver;
beforeEach(async () => {
  receiver = await startReceiver({ status: 200, body: '{"id":"1","type":0}' });
  receiver.validate(executeWebhookProblem);
});
afterEach(() => receiver.close());

const configure = (c: Record<string, unknown> = {}) => discordChannel.config.parse({ url: `${receiver.url}${HOOK}`, ...c });
const sent = () => JSON.parse(receiver.requests.at(-1)!.body);

describe('Discord channel', () => {
  it.each(Object.keys(sampleViews) as (keyof typeof sampleViews)[])('delivers the %s message in the documented shape', async (name) => {
    expect(await discordChannel.send(configure(), sampleViews[name], channelContext())).toMatchObject({ ok: true, status: 200 });
    expect(receiver.problems).toEqual([]);
  });

  it('sends one embed titled with the check and status, red, linked to the check', async () => {
    await discordChannel.send(configure({ username: 'backwatch', avatarUrl: 'https://backwatch.example.com/logo.png' }), sampleViews.failure, channelContext());
    const body = sent();
    expect(body).toMatchObject({ username: 'backwatch', avatar_url: 'https://backwatch.example.com/logo.png', allowed_mentions: { parse: [] } });
    const [embed] = body.embeds;
    expect(embed).toMatchObject({ title: 'Failure: User01: Documents', url: 'https://backwatch.example.com/checks/42', color: 0xd32f2f, timestamp: '2026-11-20T20:14:00.000Z' });
    expect(embed.description).toContain('Body contains "Status: Error"');
    expect(embed.description).toContain('Storage Vault: "Offsite Comet Server"');
  });

  it('colours by status and says when an overdue report was expected', async () => {
    await discordChannel.send(configure(), sampleViews.warning, channelContext());
    expect(sent().embeds[0].color).toBe(0xf9a825);
    await discordChannel.send(configure(), sampleViews.overdue, channelContext());
    expect(sent().embeds[0].description).toContain('2026-11-21 21:00 Europe/Berlin');
    await discordChannel.send(configure(), sampleViews.restore, channelContext());
    expect(sent().embeds[0]).toMatchObject({ title: 'Recovered: User01: Documents', color: 0x2e7d32 });
    await discordChannel.send(configure(), sampleViews.test, channelContext());
    expect(sent().embeds[0].url).toBeUndefined();
  });

  it('lets no mention in report text ping anyone', async () => {
    const view: AlertView = { ...sampleViews.failure, activity: { ...sampleViews.failure.activity, subject: '@everyone @here <@80351110224678912> failed' } };
    await discordChannel.send(configure(), view, channelContext());
    expect(sent().allowed_mentions).toEqual({ parse: [] });
    expect(sent().embeds[0].description).toContain('@everyone');
  });

  it('cuts long texts to the embed limits instead of being refused', async () => {
    const failure = sampleViews.failure;
    const view: AlertView = {
      ...failure,
      check: { ...failure.check, name: 'N'.repeat(400) },
      activity: { ...failure.activity, subject: `${'S'.repeat(5000)}😀` },
    };
    expect(await discordChannel.send(configure(), view, channelContext())).toMatchObject({ ok: true });
    const [embed] = sent().embeds;
    expect(embed.title).toHaveLength(256);
    expect(embed.description).toHaveLength(4096);
    expect(embed.description.endsWith('…')).toBe(true);
  });

  it('keeps a thread_id given in the webhook URL', async () => {
    receiver.validate(() => null);
    await discordChannel.send(discordChannel.config.parse({ url: `${receiver.url}${HOOK}?thread_id=42` }), sampleViews.failure, channelContext());
    expect(receiver.requests[0]!.url).toBe(`${HOOK}?thread_id=42&wait=true`);
  });

  it('refuses a name Discord would refuse', () => {
    expect(() => configure({ username: 'Discord alerts' })).toThrow(/clyde/);
  });

  it.each([
    [500, true],
    [429, true],
    [404, false],
    [400, false],
  ])('reads HTTP %i as a failure, retryable: %s', async (status, retryable) => {
    receiver.respond({ status, body: '{"message":"nope"}' });
    expect(await discordChannel.send(configure(), sampleViews.failure, channelContext())).toMatchObject({ ok: false, retryable, status });
  });

  it('has message texts for every event', () => {
    for (const [name, view] of Object.entries(sampleViews)) expect(templates.render('discord', view.event, view)).toMatchSnapshot(name);
  });
});
