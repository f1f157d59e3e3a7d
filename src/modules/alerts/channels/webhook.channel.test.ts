import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleViews } from '../../../../test/helpers/alert-views.js';
import { channelContext, templates } from '../../../../test/helpers/channels.js';
import { type Receiver, startReceiver } from '../../../../test/helpers/receiver.js';
import { webhookChannel } from './webhook.channel.js';

let receiver: Receiver;
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(() => receiver.close());

const configure = (c: Record<string, unknown>) => webhookChannel.config.parse({ url: `${receiver.url}/hooks/backups`, ...c });

describe('custom webhook', () => {
  it('posts the documented JSON body by default', async () => {
    const outcome = await webhookChannel.send(configure({}), sampleViews.failure, channelContext());
    expect(outcome).toMatchObject({ ok: true, status: 200 });
    const [req] = receiver.requests;
    expect(req).toMatchObject({ method: 'POST', url: '/hooks/backups' });
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.headers['idempotency-key']).toBe('delivery-0000-test');
    const body = JSON.parse(req!.body);
    expect(body).toMatchObject({
      event: 'alert',
      status: 'failure',
      previousStatus: 'success',
      check: { id: 42, name: 'User01: Documents', group: 'Acme Corp', url: 'https://backwatch.example.com/checks/42' },
      activity: { id: 7, subject: 'Error - Backup of "Documents"' },
      rulesFired: [{ text: 'Body contains "Status: Error"' }],
    });
    expect(body.text).toBe(templates.render('webhook', 'alert', sampleViews.failure));
  });

  it('renders a body template with JSON-escaped values', async () => {
    const bodyTemplate = '{"text": "{{check.name}} is {{statusLabel}}: {{activity.subject}}", "id": {{check.id}} }';
    await webhookChannel.send(configure({ bodyTemplate }), sampleViews.warning, channelContext());
    expect(JSON.parse(receiver.requests[0]!.body)).toEqual({ text: 'User01: Documents is Warning: Warning - Backup of "Documents" <with> & "quotes"', id: 42 });
  });

  it('leaves a non-JSON template unescaped, with the method and headers configured', async () => {
    const c = configure({ method: 'PUT', headers: { 'Content-Type': 'text/plain', Authorization: 'Bearer s3cret' }, bodyTemplate: '{{check.name}}: {{activity.subject}}' });
    await webhookChannel.send(c, sampleViews.warning, channelContext());
    const [req] = receiver.requests;
    expect(req).toMatchObject({ method: 'PUT', body: 'User01: Documents: Warning - Backup of "Documents" <with> & "quotes"' });
    expect(req!.headers).toMatchObject({ 'content-type': 'text/plain', authorization: 'Bearer s3cret' });
  });

  it.each([
    [500, true],
    [503, true],
    [429, true],
    [404, false],
    [400, false],
  ])('reads HTTP %i as a failure, retryable: %s', async (status, retryable) => {
    receiver.respond({ status, body: 'nope' });
    expect(await webhookChannel.send(configure({}), sampleViews.failure, channelContext())).toMatchObject({ ok: false, retryable, status, response: 'nope' });
  });

  it('refuses templates that call helpers it does not know', () => {
    expect(() => configure({ bodyTemplate: '{{#exec "rm -rf /"}}{{/exec}}' })).toThrow(/invalid template/);
  });

  it('has message texts for every event', () => {
    for (const [name, view] of Object.entries(sampleViews)) {
      expect(templates.render('webhook', view.event, view)).toMatchSnapshot(name);
    }
  });
});
