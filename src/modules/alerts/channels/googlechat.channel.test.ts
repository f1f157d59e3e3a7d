import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleViews } from '../../../../test/helpers/alert-views.js';
import { channelContext, templates } from '../../../../test/helpers/channels.js';
import { type Received, type Receiver, startReceiver } from '../../../../test/helpers/receiver.js';
import { postJson } from './channel.http.js';
import { chatEscape, googlechatChannel } from './googlechat.channel.js';

const SPACE = '/v1/spaces/AAAAbbbbCCC/messages?key=k3y&token=t0ken';
const TAGS = new Set(['a', 'b', 'i', 'u', 's', 'br', 'font', 'code', 'pre', 'ul', 'ol', 'li', 'time']);

/** Each `&` an entity, each `<` a whole tag of the card HTML subset: anything else is unescaped user text. */
const unescapedHtml = (text: string) =>
  /&(?!amp;|lt;|gt;)/.test(text) || [...text.matchAll(/<\/?([a-z]*)[^<>]*>?/g)].some(([tag, name]) => !tag.endsWith('>') || !TAGS.has(name!));

/** Refuses what the Chat API's messages.create would refuse from an incoming webhook. */
function chatProblem(req: Received): string | null {
  if (req.method !== 'POST' || req.url !== SPACE) return 'NOT_FOUND';
  if (!/^application\/json; charset=utf-8$/i.test(req.headers['content-type'] ?? '')) return 'INVALID_ARGUMENT: content type';
  if (Buffer.byteLength(req.body) > 32_000) return 'INVALID_ARGUMENT: message over 32,000 bytes';
  const message = JSON.parse(req.body);
  if (typeof message.fallbackText !== 'string' || !Array.isArray(message.cardsV2) || message.cardsV2.length !== 1) return 'INVALID_ARGUMENT: cardsV2';
  const [{ cardId, card }] = message.cardsV2;
  if (typeof cardId !== 'string' || typeof card?.header?.title !== 'string' || !card.header.title || !Array.isArray(card.sections)) return 'INVALID_ARGUMENT: card';
  for (const section of card.sections) {
    if (section.header !== undefined && unescapedHtml(section.header)) return 'INVALID_ARGUMENT: section header';
    if (!Array.isArray(section.widgets) || !section.widgets.length || section.widgets.length > 100) return 'INVALID_ARGUMENT: widgets';
    for (const { textParagraph, buttonList, ...other } of section.widgets) {
      if (Object.keys(other).length || !textParagraph === !buttonList) return 'INVALID_ARGUMENT: one widget kind each';
      if (textParagraph && (typeof textParagraph.text !== 'string' || unescapedHtml(textParagraph.text))) return 'INVALID_ARGUMENT: textParagraph';
      if (buttonList?.buttons.some((b: any) => typeof b.text !== 'string' || !/^https:\/\//.test(b.onClick?.openLink?.url))) return 'INVALID_ARGUMENT: button';
    }
  }
  return null;
}

let receiver: Receiver;
beforeEach(async () => {
  receiver = await startReceiver({ status: 200, body: '{"name":"spaces/AAAAbbbbCCC/messages/1"}' });
  receiver.validate(chatProblem);
});
afterEach(() => receiver.close());

const configure = () => googlechatChannel.config.parse({ url: `${receiver.url}${SPACE}` });
const sent = (i = 0) => JSON.parse(receiver.requests[i]!.body);
const card = (i = 0) => sent(i).cardsV2[0].card;

describe('Google Chat', () => {
  it.each(Object.entries(sampleViews))('posts a %s card the space accepts', async (_, view) => {
    expect(await googlechatChannel.send(configure(), view, channelContext())).toMatchObject({ ok: true, status: 200 });
    expect(receiver.problems).toEqual([]);
  });

  it('says what failed, why, in red, with a button to the check', async () => {
    await googlechatChannel.send(configure(), sampleViews.failure, channelContext());
    expect(sent().fallbackText).toBe('Failure: User01: Documents');
    const { header, sections } = card();
    expect(header).toEqual({ title: 'Failure: User01: Documents', subtitle: 'Acme Corp' });
    expect(sections[0].header).toBe('<font color="#d93025"><b>Failure</b></font>');
    const [{ textParagraph }, { buttonList }] = sections[0].widgets;
    expect(textParagraph.text).toContain('<b>Check:</b> <a href="https://backwatch.example.com/checks/42">User01: Documents</a> · <b>Group:</b> Acme Corp<br>');
    expect(textParagraph.text).toContain('<b>Why:</b> Body contains "Status: Error"<br>');
    expect(textParagraph.text).toContain('Status: Error<br>Protected Item: "Documents"');
    const url = 'https://backwatch.example.com/checks/42';
    expect(buttonList.buttons).toEqual([{ text: 'Open in backwatch', onClick: { openLink: { url } } }]);
  });

  it('colours warnings amber and recoveries green, tells when an overdue report was expected, and leaves a test message plain', async () => {
    const { warning, restore, overdue, test } = sampleViews;
    for (const view of [warning, restore, overdue, test]) await googlechatChannel.send(configure(), view, channelContext());
    expect(card(0).sections[0].header).toBe('<font color="#e37400"><b>Warning</b></font>');
    expect(card(1).sections[0].header).toBe('<font color="#188038"><b>Success</b></font>');
    expect(card(2).sections[0].header).toBe('<font color="#d93025"><b>Overdue</b></font>');
    expect(card(2).header.subtitle).toBeUndefined();
    expect(card(2).sections[0].widgets[0].textParagraph.text).toContain('expected at <b>2026-11-21 21:00 Europe/Berlin</b>');
    expect(card(3).sections).toEqual([{ widgets: [{ textParagraph: { text: expect.stringContaining('This channel works.') } }] }]);
  });

  it('escapes <, > and & in card HTML but not in the plain-text header', async () => {
    const view = { ...sampleViews.warning, check: { ...sampleViews.warning.check, name: 'Docs <b> & co' } };
    await googlechatChannel.send(configure(), view, channelContext());
    expect(card().header.title).toBe('Warning: Docs <b> & co');
    expect(sent().fallbackText).toBe('Warning: Docs <b> & co');
    expect(card().sections[0].widgets[0].textParagraph.text).toContain('<b>Report:</b> Warning - Backup of "Documents" &lt;with&gt; &amp; "quotes"<br>');
  });

  it('cuts long texts to stay under the 32,000-byte message limit instead of being refused', async () => {
    const check = { ...sampleViews.failure.check, name: 'N'.repeat(400), group: 'G'.repeat(400) };
    const view = { ...sampleViews.failure, check, keyLines: Array.from({ length: 200 }, (_, i) => `Line ${i}: ${'€ <x> & y '.repeat(80)}`) };
    expect(await googlechatChannel.send(configure(), view, channelContext())).toMatchObject({ ok: true });
    const { header, sections } = card();
    expect([header.title.length, header.subtitle.length]).toEqual([200, 200]);
    expect(sections[0].widgets[0].textParagraph.text.length).toBeLessThanOrEqual(8000);
    expect(sections[0].widgets[0].textParagraph.text).toMatch(/…$/);
  });

  it.each([[500, true], [503, true], [429, true], [400, false], [403, false], [404, false]])('reads HTTP %i as a failure, retryable: %s', async (status, retryable) => {
    receiver.respond({ status, body: '{"error":{"status":"X"}}' });
    expect(await googlechatChannel.send(configure(), sampleViews.failure, channelContext())).toMatchObject({ ok: false, retryable, status });
  });

  it('takes a webhook URL and keeps it secret', () => {
    expect(() => googlechatChannel.config.parse({ url: 'mailto:chat@example.com' })).toThrow();
    expect(googlechatChannel.secrets).toEqual(['url']);
  });

  it('stands in for Google Chat: refuses unescaped card text and legacy cards', async () => {
    const utf8 = { 'content-type': 'application/json; charset=UTF-8' };
    const paragraph = (text: string) => ({ fallbackText: 't', cardsV2: [{ cardId: 'c', card: { header: { title: 't' }, sections: [{ widgets: [{ textParagraph: { text } }] }] } }] });
    const refused = [paragraph('Backup <with> & quotes'), paragraph('<script>x</script>'), { cards: [{ header: { title: 't' } }] }];
    for (const payload of refused) expect(await postJson(channelContext(), configure().url, payload, utf8)).toMatchObject({ ok: false, status: 400 });
    expect(receiver.problems).toHaveLength(3);
  });

  it('has message texts for every event', () => {
    for (const [name, view] of Object.entries(sampleViews)) expect(templates.render('googlechat', view.event, view, chatEscape)).toMatchSnapshot(name);
  });
});
