import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleViews } from '../../../../test/helpers/alert-views.js';
import { channelContext, templates } from '../../../../test/helpers/channels.js';
import { type FakeVendor, type Route, startFakeVendor, type VendorRequest } from '../../../../test/helpers/fake-vendor.js';
import { iftttChannel } from './ifttt.channel.js';

// IFTTT Webhooks (Maker), as documented:
// https://help.ifttt.com/hc/en-us/articles/115010230347-Webhooks-service-FAQ  POST /trigger/{event}/with/key/{key}, JSON value1..value3
// https://ifttt.com/maker_webhooks/triggers/json_event                        POST /trigger/{event}/json/with/key/{key}, any JSON as {{JsonPayload}}
// An unknown key is answered 401 with {"errors": [{"message": …}]}; a fired event 200 with "Congratulations! You've fired the … event".

const KEY = 'bJ3kP9xQ2mL7vN4tR8sW1z';
const fired: { event: string; mode: 'values' | 'json'; body: any }[] = [];

/** What the trigger URLs take: a JSON POST, and in values mode nothing but value1, value2 and value3 as text. */
function check(req: VendorRequest): string | null {
  if (req.method !== 'POST') return 'events are fired with POST';
  if (!/^application\/json\b/.test(req.headers['content-type'] ?? '') || !req.json || typeof req.json !== 'object') return 'the body must be JSON';
  if (/^\/trigger\/[^/]+\/with\/key\/[^/]+$/.test(req.path)) {
    const keys = Object.keys(req.json);
    if (!keys.every((k) => ['value1', 'value2', 'value3'].includes(k)) || !Object.values(req.json).every((v) => typeof v === 'string')) return 'only value1, value2 and value3, as text';
  }
  return null;
}

const trigger = (mode: 'values' | 'json'): Route => [
  'POST',
  mode === 'json' ? /^\/trigger\/([A-Za-z0-9_-]+)\/json\/with\/key\/([^/]+)$/ : /^\/trigger\/([A-Za-z0-9_-]+)\/with\/key\/([^/]+)$/,
  ({ json }, [, event, key]) => {
    if (key !== KEY) return { status: 401, json: { errors: [{ message: 'You sent an invalid key.' }] } };
    fired.push({ event: event!, mode, body: json });
    return { status: 200, text: `Congratulations! You've fired the ${event} ${mode === 'json' ? 'json ' : ''}event` };
  },
];

let vendor: FakeVendor;
beforeEach(async () => {
  fired.length = 0;
  vendor = await startFakeVendor([trigger('values'), trigger('json')], check);
});
afterEach(() => vendor.close());

const configure = (over: Record<string, unknown> = {}) => iftttChannel.config.parse({ apiUrl: `${vendor.url}/`, key: KEY, event: 'backup_alert', ...over });

describe('IFTTT', () => {
  it('fires the event with the title, the text and the link as value1, value2 and value3', async () => {
    const outcome = await iftttChannel.send(configure(), sampleViews.failure, channelContext());
    expect(outcome).toEqual({ ok: true, status: 200, response: "Congratulations! You've fired the backup_alert event" });
    expect(vendor.requests[0]!.path).toBe(`/trigger/backup_alert/with/key/${KEY}`);
    const body: Record<string, string> = fired[0]!.body;
    expect(body.value1).toBe('Failure: User01: Documents (Acme Corp)');
    expect(body.value2).toBe(templates.render('ifttt', 'alert', sampleViews.failure).split('\n').slice(1).join('\n'));
    expect(body.value2).toContain('Why: Body contains "Status: Error"');
    expect(body.value3).toBe('https://backwatch.example.com/checks/42');
    expect(vendor.refused).toEqual([]);
  });

  it('sends every kind of message, a test with no link', async () => {
    for (const view of Object.values(sampleViews)) expect(await iftttChannel.send(configure(), view, channelContext())).toMatchObject({ ok: true });
    expect(fired.map((f) => f.body.value1)).toEqual([
      'Failure: User01: Documents (Acme Corp)',
      'Warning: User01: Documents (Acme Corp)',
      'Overdue: User01: Documents',
      'Recovered: User01: Documents (Acme Corp)',
      'Test message from backwatch',
    ]);
    expect(fired[4]!.body.value3).toBe('');
    expect(vendor.refused).toEqual([]);
  });

  it('sends the whole alert to a JSON payload trigger', async () => {
    await iftttChannel.send(configure({ mode: 'json' }), sampleViews.overdue, channelContext());
    expect(vendor.requests[0]!.path).toBe(`/trigger/backup_alert/json/with/key/${KEY}`);
    expect(fired[0]).toMatchObject({ mode: 'json', body: { event: 'alert', status: 'overdue', check: { id: 42, url: 'https://backwatch.example.com/checks/42' }, expectedAt: '2026-11-21T20:00:00.000Z' } });
    expect(fired[0]!.body.text).toBe(templates.render('ifttt', 'alert', sampleViews.overdue));
    expect(vendor.refused).toEqual([]);
  });

  it('refuses event names and keys that would change the path', () => {
    for (const event of ['../x', 'a/b', 'a?b', 'a%2Fb', 'a b', '', 'x'.repeat(101)]) expect(() => configure({ event }), event).toThrow(/letters, digits/);
    for (const key of ['k/../../x', 'k?x=1', 'k#x']) expect(() => configure({ key }), key).toThrow(/letters, digits/);
    expect(configure()).toEqual({ apiUrl: `${vendor.url}/`, key: KEY, event: 'backup_alert', mode: 'values' });
    expect(iftttChannel.config.parse({ key: KEY, event: 'e' }).apiUrl).toBe('https://maker.ifttt.com');
    expect(iftttChannel.secrets).toEqual(['key']);
  });

  it("does not retry a key IFTTT refuses, and says IFTTT's reason", async () => {
    const outcome = await iftttChannel.send(configure({ key: 'wrongkey123' }), sampleViews.failure, channelContext());
    expect(outcome).toMatchObject({ ok: false, retryable: false, status: 401, error: 'HTTP 401: You sent an invalid key.' });
    expect(vendor.requests).toHaveLength(1);
    expect(fired).toEqual([]);
  });

  it.each([
    [500, true],
    [503, true],
    [429, true],
    [404, false],
    [400, false],
  ])('reads HTTP %i as a failure, retryable: %s', async (status, retryable) => {
    vendor.down = { status, text: 'nope' };
    expect(await iftttChannel.send(configure(), sampleViews.failure, channelContext())).toMatchObject({ ok: false, retryable, status, response: 'nope' });
  });

  it('has message texts for every event', () => {
    for (const [name, view] of Object.entries(sampleViews)) expect(templates.render('ifttt', view.event, view)).toMatchSnapshot(name);
  });
});
