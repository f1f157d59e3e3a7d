import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AlertView, sampleViews } from '../../../../test/helpers/alert-views.js';
import { channelContext, templates } from '../../../../test/helpers/channels.js';
import { type Received, type Receiver, startReceiver } from '../../../../test/helpers/receiver.js';
import { mattermostChannel } from './mattermost.channel.js';
import { neutralizeMentions } from './channel.text.js';

const HOOK = '/hooks/xxx-generatedkey-xxx';
const FIELDS = ['text', 'channel', 'username', 'icon_url', 'icon_emoji', 'attachments', 'type', 'props'];
const isText = (v: unknown, max = 16383) => typeof v === 'string' && Array.from(v).length <= max;

/** Refuses what a Mattermost incoming webhook does not document: its parameters and message attachment options. */
function incomingWebhookProblem(req: Received): string | null {
  if (req.method !== 'POST' || req.url !== HOOK) return `unexpected ${req.method} ${req.url}`;
  if (req.headers['content-type'] !== 'application/json') return 'not JSON';
  const body = JSON.parse(req.body);
  const unknown = Object.keys(body).filter((k) => !FIELDS.includes(k));
  if (unknown.length) return `unknown parameters ${unknown}`;
  if (body.text === undefined && body.attachments === undefined) return 'text or attachments is required';
  if (body.text !== undefined && !isText(body.text)) return 'text: a string up to 16383 characters';
  for (const a of body.attachments ?? []) {
    if (typeof a.fallback !== 'string' || a.fallback === '') return 'attachment fallback is required';
    if (!/^#[0-9A-Fa-f]{6}$/.test(a.color)) return 'attachment color: a hex colour';
    if (typeof a.title !== 'string' || !isText(a.text)) return 'attachment title and text: strings';
    if (a.title_link !== undefined && !/^https?:\/\//.test(a.title_link)) return 'attachment title_link: a URL';
    if (!(a.fields ?? []).every((f: any) => typeof f.title === 'string' && typeof f.value === 'string')) return 'attachment fields';
  }
  return null;
}

let receiver: Receiver;
beforeEach(async () => {
  receiver = await startReceiver();
  receiver.validate(incomingWebhookProblem);
});
afterEach(() => receiver.close());

const configure = (c: Record<string, unknown> = {}) => mattermostChannel.config.parse({ url: `${receiver.url}${HOOK}`, ...c });
const sent = () => JSON.parse(receiver.requests.at(-1)!.body);

describe('Mattermost channel', () => {
  it.each(Object.keys(sampleViews) as (keyof typeof sampleViews)[])('delivers the %s message in the documented shape', async (name) => {
    expect(await mattermostChannel.send(configure(), sampleViews[name], channelContext())).toMatchObject({ ok: true, status: 200, response: 'ok' });
    expect(receiver.problems).toEqual([]);
  });

  it('posts the title, and an attachment coloured by status and linked to the check', async () => {
    await mattermostChannel.send(configure({ username: 'backwatch', iconUrl: 'https://backwatch.example.com/logo.png', channel: 'backups' }), sampleViews.failure, channelContext());
    const body = sent();
    expect(body).toMatchObject({ text: 'Failure: User01: Documents', username: 'backwatch', icon_url: 'https://backwatch.example.com/logo.png', channel: 'backups' });
    const [attachment] = body.attachments;
    expect(attachment).toMatchObject({ fallback: 'Failure: User01: Documents', color: '#D32F2F', title: 'User01: Documents', title_link: 'https://backwatch.example.com/checks/42' });
    expect(attachment.text).toContain('**Why:** Body contains "Status: Error"');
    expect(attachment.text).toContain('Protected Item: "Documents"');
  });

  it('colours by status and says when an overdue report was expected', async () => {
    await mattermostChannel.send(configure(), sampleViews.warning, channelContext());
    expect(sent().attachments[0].color).toBe('#F9A825');
    await mattermostChannel.send(configure(), sampleViews.overdue, channelContext());
    expect(sent().attachments[0].text).toContain('a report by 2026-11-21 21:00 Europe/Berlin');
    await mattermostChannel.send(configure(), sampleViews.restore, channelContext());
    expect(sent()).toMatchObject({ text: 'Recovered: User01: Documents', attachments: [{ color: '#2E7D32' }] });
    await mattermostChannel.send(configure(), sampleViews.test, channelContext());
    expect(sent().attachments[0].title_link).toBeUndefined();
  });

  it('mentions no one named in report text or a check name', async () => {
    const failure = sampleViews.failure;
    const view: AlertView = {
      ...failure,
      check: { ...failure.check, name: 'Docs @channel' },
      activity: { ...failure.activity, subject: '@all @here <!channel> user01@example.com failed' },
    };
    await mattermostChannel.send(configure(), view, channelContext());
    const all = JSON.stringify(sent());
    expect(all).not.toMatch(/@(all|here|channel)|<!/);
    expect(sent().attachments[0].text).toContain('@\u200Ball @\u200Bhere <\u200B!channel>');
  });

  it('cuts long texts to the post limit instead of being split or refused', async () => {
    const view: AlertView = { ...sampleViews.failure, activity: { ...sampleViews.failure.activity, subject: 'S'.repeat(20_000) } };
    expect(await mattermostChannel.send(configure(), view, channelContext())).toMatchObject({ ok: true });
    expect(sent().attachments[0].text).toHaveLength(16383);
  });

  it('refuses a channel given by its display name', () => {
    expect(() => configure({ channel: 'Town Square' })).toThrow(/channel name/);
  });

  it.each([
    [500, true],
    [503, true],
    [404, false],
    [400, false],
  ])('reads HTTP %i as a failure, retryable: %s', async (status, retryable) => {
    receiver.respond({ status, body: '{"id":"web.incoming_webhook.invalid.app_error"}' });
    expect(await mattermostChannel.send(configure(), sampleViews.failure, channelContext())).toMatchObject({ ok: false, retryable, status });
  });

  it('has message texts for every event', () => {
    for (const [name, view] of Object.entries(sampleViews)) {
      expect(templates.render('mattermost', view.event, view, neutralizeMentions)).toMatchSnapshot(name);
    }
  });
});
