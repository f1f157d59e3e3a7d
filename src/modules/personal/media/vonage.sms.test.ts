import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mediumContext } from '../../../../test/helpers/channels.js';
import { type FakeVendor, startFakeVendor, type VendorRequest } from '../../../../test/helpers/fake-vendor.js';
import { sampleMessages } from '../../../../test/helpers/personal-messages.js';
import { smsMedium } from './sms.medium.js';
import { smsLength } from './sms.text.js';

// Vonage's SMS API, as documented:
// https://developer.vonage.com/en/api/sms (POST /sms/json: api_key, api_secret, from, to, text, type)
// https://developer.vonage.com/messaging/sms/guides/troubleshooting-sms (always 200; messages[].status '0' or an error code with error-text)
// https://developer.vonage.com/messaging/sms/guides/concatenation-and-encoding (type=unicode for text outside the GSM character sets)

const KEY = 'a1b2c3d4';
const SECRET = 'Zx9Yw8Vu7Ts6Rq5P';
const PARAMS = new Set(['api_key', 'api_secret', 'from', 'to', 'text', 'type']);
const GSM = /^[@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&'()*+,\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà\f^{}\\[~\]|€]*$/;

function check(req: VendorRequest): string | null {
  if (req.headers['content-type'] !== 'application/x-www-form-urlencoded') return 'parameters are form-encoded';
  const p = new URLSearchParams(req.body);
  const unknown = [...p.keys()].filter((k) => !PARAMS.has(k));
  if (unknown.length) return `not parameters of the SMS API: ${unknown.join(', ')}`;
  if (!/^[1-9]\d{1,14}$/.test(p.get('to') ?? '')) return 'to is a number in international format, without +';
  if (!p.get('from') || !p.get('text')) return 'from and text are required';
  if (!['text', 'unicode'].includes(p.get('type') ?? 'text')) return 'type is text or unicode';
  if (p.get('type') !== 'unicode' && !GSM.test(p.get('text')!)) return 'a text outside GSM-7 is sent as type=unicode, or it arrives garbled';
  return null;
}

const answer = (to: string, status: string, errorText?: string) => ({
  status: 200,
  json: { 'message-count': '1', messages: [status === '0' ? { to, 'message-id': '0A0000000123ABCD1', status, 'remaining-balance': '3.14', 'message-price': '0.0333', network: '23410' } : { status, 'error-text': errorText }] },
});

let vendor: FakeVendor;
let throttled = false;
beforeEach(async () => {
  throttled = false;
  vendor = await startFakeVendor(
    [
      [
        'POST',
        /^\/sms\/json$/,
        ({ json }) => {
          if (json.api_key !== KEY || json.api_secret !== SECRET) return answer(json.to, '4', 'Bad Credentials');
          if (throttled) return answer(json.to, '1', 'Throughput Rate Exceeded - please wait [ 30 ] and retry');
          return answer(json.to, '0');
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

const org = (over: Record<string, unknown> = {}) => smsMedium.org.parse({ provider: 'vonage', apiKey: KEY, apiSecret: SECRET, from: 'Backwatch', apiUrl: vendor.url, ...over });
const phone = smsMedium.target.parse({ phone: '+447700900000' });
const sent = () => vendor.requests.map((r) => r.json);

describe('SMS through Vonage', () => {
  it('sends the text with the account key and secret, to the number without its +', async () => {
    expect(await smsMedium.send(org(), phone, sampleMessages.overdue, mediumContext())).toMatchObject({ ok: true, status: 200 });
    expect(sent()).toEqual([
      {
        api_key: KEY,
        api_secret: SECRET,
        from: 'Backwatch',
        to: '447700900000',
        text: 'Overdue: User01: Documents (Acme Corp)\nNo report since 2026-11-18 03:10 (expected daily)\nhttps://backwatch.example.com/checks/42',
        type: 'text',
      },
    ]);
  });

  it('sends a text that needs UCS-2 as unicode, cut to 70 characters', async () => {
    const message = { ...sampleMessages.failure, body: 'Задание резервного копирования завершилось с ошибкой' };
    expect(await smsMedium.send(org({ from: '+447700900001' }), phone, message, mediumContext())).toMatchObject({ ok: true });
    const [{ text, type, from }] = sent();
    expect([type, from]).toEqual(['unicode', '447700900001']);
    expect(smsLength(text)).toEqual({ encoding: 'ucs2', length: 70 });
    expect(text).toMatch(/^Failure: User01: Documents \(Acme Corp\)\nЗадание .*…$/);
  });

  it("reads a refusal in the 200 answer: throttled may pass later, bad credentials will not, either with Vonage's words", async () => {
    throttled = true;
    const later = await smsMedium.send(org(), phone, sampleMessages.failure, mediumContext());
    expect(later).toMatchObject({ ok: false, retryable: true, error: 'Vonage 1: Throughput Rate Exceeded - please wait [ 30 ] and retry' });
    const refused = await smsMedium.send(org({ apiSecret: 'wrong' }), phone, sampleMessages.failure, mediumContext());
    expect(refused).toMatchObject({ ok: false, retryable: false, error: 'Vonage 4: Bad Credentials' });
  });

  it('tries again after a server error, but not after a 200 without a status (the text may have gone)', async () => {
    vendor.down = { status: 502, text: 'Bad Gateway' };
    expect(await smsMedium.send(org(), phone, sampleMessages.failure, mediumContext())).toMatchObject({ ok: false, retryable: true, status: 502 });
    vendor.down = { status: 200, text: '<html>Welcome</html>' };
    expect(await smsMedium.send(org(), phone, sampleMessages.failure, mediumContext())).toMatchObject({ ok: false, retryable: false, error: 'Vonage answer: no message status in it' });
  });

  it('takes a sender, and keeps the secret secret', () => {
    expect(() => org({ from: 'Backwatch Alerts' })).toThrow(/sender ID/);
    expect(() => org({ apiSecret: '' })).toThrow();
    expect(smsMedium.orgSecrets).toEqual(['authToken', 'apiSecret']);
  });
});
