import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mediumContext } from '../../../../test/helpers/channels.js';
import { type FakeVendor, startFakeVendor, type VendorRequest } from '../../../../test/helpers/fake-vendor.js';
import { sampleMessages } from '../../../../test/helpers/personal-messages.js';
import { pushoverMedium } from './pushover.medium.js';

// Pushover's messages API, as documented:
// https://pushover.net/api (POST /1/messages.json, form parameters, limits, priorities, {status, request, errors} answers)

// The example token and user key from https://pushover.net/api.
const APP = 'azGDORePK8gMaC0QOYAMyEEuzJnyUi';
const USER = 'uQiRzpo4DXghDmr9QzzfQu27cmVRsG';
const KEY = /^[A-Za-z0-9]{30}$/;
const PARAMS = new Set(['token', 'user', 'title', 'message', 'url', 'url_title', 'priority']);

function check(req: VendorRequest): string | null {
  if (req.headers['content-type'] !== 'application/x-www-form-urlencoded') return 'parameters are form-encoded';
  const p = new URLSearchParams(req.body);
  const unknown = [...p.keys()].filter((k) => !PARAMS.has(k));
  if (unknown.length) return `not parameters this medium sends: ${unknown.join(', ')}`;
  const chars = (name: string) => Array.from(p.get(name) ?? '').length;
  if (!KEY.test(p.get('token') ?? '') || !KEY.test(p.get('user') ?? '')) return 'token and user are 30 letters and digits';
  if (!p.get('message') || chars('message') > 1024 || chars('title') > 250) return 'message 1 to 1024 characters, title up to 250';
  if (p.has('url_title') && !p.has('url')) return 'url_title goes with a url';
  if (!['-2', '-1', '0', '1'].includes(p.get('priority') ?? '0')) return 'priority -2 to 1 (2 needs retry and expire)';
  return null;
}

const request = '647d2300-702c-4b38-8b2f-d56326ae460b';
let vendor: FakeVendor;
beforeEach(async () => {
  vendor = await startFakeVendor(
    [
      [
        'POST',
        /^\/1\/messages\.json$/,
        ({ json }) => {
          if (json.token !== APP) return { status: 400, json: { token: 'invalid', errors: ['application token is invalid'], status: 0, request } };
          if (json.user !== USER) return { status: 400, json: { user: 'invalid', errors: ['user identifier is not a valid user, group, or subscribed user key'], status: 0, request } };
          return { status: 200, json: { status: 1, request } };
        },
      ],
    ],
    check,
  );
});
afterEach(async () => {
  expect(vendor.refused).toEqual([]);
  await vendor.close();
});

const org = (over: Record<string, unknown> = {}) => pushoverMedium.org.parse({ appToken: APP, apiUrl: vendor.url, ...over });
const target = (userKey = USER) => pushoverMedium.target.parse({ userKey });
const sent = () => vendor.requests.map((r) => r.json);

describe('personal Pushover', () => {
  it("sends with the organization's application to the user's key, a priority by status and a link to the check", async () => {
    for (const m of Object.values(sampleMessages)) expect(await pushoverMedium.send(org(), target(), m, mediumContext())).toMatchObject({ ok: true, status: 200 });
    expect(sent().map((p) => p.priority)).toEqual(['1', '0', '1', '-1', '0']); // failure, warning, overdue, recovery, test
    expect(sent()[0]).toEqual({
      token: APP,
      user: USER,
      title: sampleMessages.failure.title,
      message: sampleMessages.failure.body,
      priority: '1',
      url: 'https://backwatch.example.com/checks/42',
      url_title: 'Open the check in backwatch',
    });
    expect(sent()[4]).not.toHaveProperty('url');
  });

  it('cuts a long message to the limits', async () => {
    const long = { ...sampleMessages.failure, title: 'T'.repeat(300), body: 'ü'.repeat(2000) };
    expect(await pushoverMedium.send(org(), target(), long, mediumContext())).toMatchObject({ ok: true });
    expect([Array.from(sent()[0].title).length, Array.from(sent()[0].message).length]).toEqual([250, 1024]);
  });

  it("fails at once on a key Pushover refuses, with Pushover's words; tries again after a server error", async () => {
    const refused = await pushoverMedium.send(org(), target('uQiRzpo4DXghDmr9QzzfQu27cmVRs0'), sampleMessages.failure, mediumContext());
    expect(refused).toMatchObject({ ok: false, retryable: false, status: 400, error: 'HTTP 400: user identifier is not a valid user, group, or subscribed user key' });
    vendor.down = { status: 503, text: 'Service Unavailable' };
    expect(await pushoverMedium.send(org(), target(), sampleMessages.failure, mediumContext())).toMatchObject({ ok: false, retryable: true, status: 503 });
  });

  it('takes keys of 30 letters and digits; both are secrets', () => {
    expect(() => target('short')).toThrow(/30 letters/);
    expect(() => org({ appToken: 'a-b' })).toThrow(/30 letters/);
    expect([pushoverMedium.orgSecrets, pushoverMedium.targetSecrets]).toEqual([['appToken'], ['userKey']]);
  });
});
