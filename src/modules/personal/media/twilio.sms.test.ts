import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mediumContext } from '../../../../test/helpers/channels.js';
import { type FakeVendor, startFakeVendor, type VendorRequest } from '../../../../test/helpers/fake-vendor.js';
import { sampleMessages } from '../../../../test/helpers/personal-messages.js';
import { smsMedium } from './sms.medium.js';
import { fitsOneSms } from './sms.text.js';

// Twilio's Messages API, as documented:
// https://www.twilio.com/docs/messaging/api/message-resource (create a Message: To in E.164, From or MessagingServiceSid, Body up to 1600)
// https://github.com/twilio/twilio-go/blob/main/rest/api/v2010/docs/AccountsMessagesApi.md (the path, form-encoded, Basic with the Account SID and Auth Token; From empty with a messaging service)
// https://www.twilio.com/docs/usage/troubleshooting/debugging-your-application (errors as {code, message, more_info, status})

const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
const SERVICE = 'MG0123456789abcdef0123456789abcdef';
const PARAMS = new Set(['To', 'From', 'MessagingServiceSid', 'Body']);

function check(req: VendorRequest): string | null {
  if (req.headers['content-type'] !== 'application/x-www-form-urlencoded') return 'parameters are form-encoded';
  const p = new URLSearchParams(req.body);
  const unknown = [...p.keys()].filter((k) => !PARAMS.has(k));
  if (unknown.length) return `not parameters of a Message: ${unknown.join(', ')}`;
  if (!/^\+[1-9]\d{1,14}$/.test(p.get('To') ?? '')) return 'To is a number in E.164';
  if (p.has('From') === p.has('MessagingServiceSid')) return 'From or MessagingServiceSid, one of the two';
  const body = p.get('Body') ?? '';
  if (!body || body.length > 1600) return 'Body is 1 to 1600 characters';
  return null;
}

const twilioError = (status: number, code: number, message: string) => ({ status, json: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } });

let vendor: FakeVendor;
beforeEach(async () => {
  vendor = await startFakeVendor(
    [
      [
        'POST',
        /^\/2010-04-01\/Accounts\/(AC\w+)\/Messages\.json$/,
        (req, [, sid]) => {
          if (req.headers.authorization !== `Basic ${Buffer.from(`${sid}:${TOKEN}`).toString('base64')}` || sid !== SID) return twilioError(401, 20003, 'Authenticate');
          // Twilio's test number for a To it cannot send to.
          if (req.json.To === '+15005550001') return twilioError(400, 21211, "The 'To' number +15005550001 is not a valid phone number.");
          return { status: 201, json: { sid: 'SM0123456789abcdef0123456789abcdef', account_sid: sid, to: req.json.To, body: req.json.Body, status: 'queued', num_segments: '1' } };
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

const org = (over: Record<string, unknown> = {}) => smsMedium.org.parse({ provider: 'twilio', accountSid: SID, authToken: TOKEN, from: '+15017122661', apiUrl: vendor.url, ...over });
const phone = (p = '+14155550100') => smsMedium.target.parse({ phone: p });
const sent = () => vendor.requests.map((r) => r.json);

describe('SMS through Twilio', () => {
  it('creates a Message with To, From and the text as Body, authenticated with the account', async () => {
    expect(await smsMedium.send(org(), phone(), sampleMessages.restore, mediumContext())).toMatchObject({ ok: true, status: 201 });
    expect(sent()).toEqual([
      { To: '+14155550100', From: '+15017122661', Body: `Recovered: User01: Documents (Acme Corp)\nSuccess again after 2 failures\nhttps://backwatch.example.com/checks/42` },
    ]);
  });

  it('sends through a messaging service instead of a sender when one is set', async () => {
    const o = org({ from: undefined, messagingServiceSid: SERVICE });
    expect(await smsMedium.send(o, phone(), sampleMessages.warning, mediumContext())).toMatchObject({ ok: true });
    expect(sent()[0]).toMatchObject({ MessagingServiceSid: SERVICE });
    expect(sent()[0]).not.toHaveProperty('From');
  });

  it('sends one segment, the check named whole', async () => {
    const long = { ...sampleMessages.failure, body: `${sampleMessages.failure.body}${'\nFailed: D:\\Shares\\Finance\\Q3.xlsx'.repeat(9)}` };
    await smsMedium.send(org(), phone(), long, mediumContext());
    const { Body } = sent()[0];
    expect(fitsOneSms(Body)).toBe(true);
    expect(Body.startsWith('Failure: User01: Documents (Acme Corp)\nWhy: Body contains')).toBe(true);
    expect(Body.endsWith('...')).toBe(true);
    expect(Body).not.toContain('https://');
  });

  it("fails at once on a token Twilio refuses, or a number it cannot send to, with Twilio's words", async () => {
    const refused = await smsMedium.send(org({ authToken: 'wrong' }), phone(), sampleMessages.failure, mediumContext());
    expect(refused).toMatchObject({ ok: false, retryable: false, status: 401, error: 'Twilio 20003: Authenticate' });
    const invalid = await smsMedium.send(org(), phone('+15005550001'), sampleMessages.failure, mediumContext());
    expect(invalid).toMatchObject({ ok: false, retryable: false, status: 400, error: expect.stringMatching(/^Twilio 21211: The 'To' number/) });
  });

  it.each([
    [429, twilioError(429, 20429, 'Too Many Requests'), true],
    [503, { status: 503, text: 'Service Unavailable' }, true],
  ])('tries again after HTTP %i', async (status, answer, retryable) => {
    vendor.down = answer;
    expect(await smsMedium.send(org(), phone(), sampleMessages.failure, mediumContext())).toMatchObject({ ok: false, retryable, status });
  });

  it('takes an Account SID, and a sender or a messaging service but not both; the token is a secret', () => {
    expect(() => org({ accountSid: 'AC123' })).toThrow(/Account SID/);
    expect(() => org({ messagingServiceSid: SERVICE })).toThrow(/one of the two/);
    expect(() => org({ from: undefined })).toThrow(/one of the two/);
    expect(org({ from: 'Backwatch' })).toMatchObject({ from: 'Backwatch' });
    expect(() => org({ from: 'Backwatch Alerts' })).toThrow(/sender ID/);
    expect(() => phone('0041791234567')).toThrow(/E\.164/);
    expect(smsMedium.orgSecrets).toContain('authToken');
  });
});
