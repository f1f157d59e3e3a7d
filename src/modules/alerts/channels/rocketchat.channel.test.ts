import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AlertView, sampleViews } from '../../../../test/helpers/alert-views.js';
import { channelContext, templates } from '../../../../test/helpers/channels.js';
import { type Received, type Receiver, startReceiver } from '../../../../test/helpers/receiver.js';
import { neutralizeMentions } from './channel.text.js';
import { rocketchatChannel } from './rocketchat.channel.js';

const HOOK = '/hooks/8eGdRzc9r4YYNyvge/2XYQcX9NBwJBKfQnphpebPcnXZcPEi32Nt4NKJfrnbhsbRfX';
const FIELDS = ['text', 'msg', 'alias', 'username', 'emoji', 'icon_emoji', 'avatar', 'icon_url', 'channel', 'roomId', 'attachments', 'parseUrls', 'groupable', 'tmid'];
const refuse = (error: string) => JSON.stringify({ success: false, error });

/** Refuses what a Rocket.Chat incoming integration does not take: its message fields, at the default size limit. */
function incomingIntegrationProblem(req: Received): string | null {
  if (req.method !== 'POST' || req.url !== HOOK) return refuse(`unexpected ${req.method} ${req.url}`);
  if (req.headers['content-type'] !== 'application/json') return refuse('not JSON');
  const body = JSON.parse(req.body);
  const unknown = Object.keys(body).filter((k) => !FIELDS.includes(k));
  if (unknown.length) return refuse(`unknown fields ${unknown}`);
  if (typeof body.text !== 'string' || body.text.length > 5000) return refuse('error-message-size-exceeded');
  if (body.emoji !== undefined && body.avatar !== undefined) return refuse('the avatar would hide the emoji');
  if (!Array.isArray(body.attachments)) return refuse('attachments should be an array');
  for (const a of body.attachments) {
    if (typeof a.title !== 'string' || typeof a.text !== 'string' || a.text.length > 5000) return refuse('attachment title and text: strings');
    if (a.title_link !== undefined && !/^https?:\/\//.test(a.title_link)) return refuse('attachment title_link: a URL');
    if (!/^#[0-9A-Fa-f]{6}$/.test(a.color)) return refuse('attachment color');
  }
  return null;
}

let receiver: Receiver;
beforeEach(async () => {
  receiver = await startReceiver({ status: 200, body: '{"success":true}' });
  receiver.validate(incomingIntegrationProblem);
});
afterEach(() => receiver.close());

const configure = (c: Record<string, unknown> = {}) => rocketchatChannel.config.parse({ url: `${receiver.url}${HOOK}`, ...c });
const sent = () => JSON.parse(receiver.requests.at(-1)!.body);

describe('Rocket.Chat channel', () => {
  it.each(Object.keys(sampleViews) as (keyof typeof sampleViews)[])('delivers the %s message in the documented shape', async (name) => {
    expect(await rocketchatChannel.send(configure(), sampleViews[name], channelContext())).toMatchObject({ ok: true, status: 200 });
    expect(receiver.problems).toEqual([]);
  });

  it('posts the title, and an attachment coloured by status and linked to the check', async () => {
    await rocketchatChannel.send(configure({ alias: 'backwatch', emoji: ':floppy_disk:', channel: '#backups' }), sampleViews.failure, channelContext());
    const body = sent();
    expect(body).toMatchObject({ text: 'Failure: User01: Documents', alias: 'backwatch', emoji: ':floppy_disk:', channel: '#backups' });
    const [attachment] = body.attachments;
    expect(attachment).toMatchObject({ title: 'User01: Documents', title_link: 'https://backwatch.example.com/checks/42', color: '#D32F2F' });
    expect(attachment.text).toContain('*Why:* Body contains "Status: Error"');
    expect(attachment.text).toContain('Device: "DESKTOP-9J8JGB3"');
  });

  it('colours by status and says when an overdue report was expected', async () => {
    await rocketchatChannel.send(configure(), sampleViews.warning, channelContext());
    expect(sent().attachments[0].color).toBe('#F9A825');
    await rocketchatChannel.send(configure(), sampleViews.overdue, channelContext());
    expect(sent().attachments[0].text).toContain('a report by 2026-11-21 21:00 Europe/Berlin');
    await rocketchatChannel.send(configure(), sampleViews.restore, channelContext());
    expect(sent()).toMatchObject({ text: 'Recovered: User01: Documents', attachments: [{ color: '#2E7D32' }] });
  });

  it('mentions no one named in report text', async () => {
    const view: AlertView = { ...sampleViews.warning, activity: { ...sampleViews.warning.activity, subject: '@all @here @user01 failed' } };
    await rocketchatChannel.send(configure(), view, channelContext());
    expect(JSON.stringify(sent())).not.toMatch(/@[\w.]/);
    expect(sent().attachments[0].text).toContain('@\u200Ball @\u200Bhere');
  });

  it('cuts long texts to the message size limit instead of being refused', async () => {
    const view: AlertView = { ...sampleViews.failure, activity: { ...sampleViews.failure.activity, subject: 'S'.repeat(6000) } };
    expect(await rocketchatChannel.send(configure(), view, channelContext())).toMatchObject({ ok: true });
    expect(sent().attachments[0].text).toHaveLength(5000);
  });

  it('gives the reason Rocket.Chat refused for, and does not retry it', async () => {
    receiver.respond({ status: 400, body: refuse('overriding destination channel is disabled for this integration') });
    const outcome = await rocketchatChannel.send(configure({ channel: '#backups' }), sampleViews.failure, channelContext());
    expect(outcome).toMatchObject({ ok: false, retryable: false, status: 400, error: 'Rocket.Chat: overriding destination channel is disabled for this integration' });
    receiver.respond({ status: 200, body: refuse('error-running-script') });
    expect(await rocketchatChannel.send(configure(), sampleViews.failure, channelContext())).toMatchObject({ ok: false, retryable: false, status: 200 });
  });

  it('refuses both an emoji and an avatar', () => {
    expect(() => configure({ emoji: ':floppy_disk:', avatar: 'https://backwatch.example.com/logo.png' })).toThrow(/not both/);
  });

  it.each([
    [500, true],
    [503, true],
    [404, false],
    [400, false],
  ])('reads HTTP %i as a failure, retryable: %s', async (status, retryable) => {
    receiver.respond({ status, body: refuse('nope') });
    expect(await rocketchatChannel.send(configure(), sampleViews.failure, channelContext())).toMatchObject({ ok: false, retryable, status });
  });

  it('has message texts for every event', () => {
    for (const [name, view] of Object.entries(sampleViews)) {
      expect(templates.render('rocketchat', view.event, view, neutralizeMentions)).toMatchSnapshot(name);
    }
  });
});
