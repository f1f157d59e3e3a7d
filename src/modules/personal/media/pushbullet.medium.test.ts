import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mediumContext } from '../../../../test/helpers/channels.js';
import { type FakeVendor, startFakeVendor, type VendorRequest } from '../../../../test/helpers/fake-vendor.js';
import { sampleMessages } from '../../../../test/helpers/personal-messages.js';
import type { PersonalMessage } from '../personal.media.types.js';
import { pushbulletMedium } from './pushbullet.medium.js';

// Pushbullet's HTTP API, as documented:
// https://docs.pushbullet.com/ (Access-Token header, JSON bodies, errors as {error: {type, message, cat}}, 401/403/429/5xx)
// https://docs.pushbullet.com/#create-push (POST /v2/pushes: type note with title and body, type link with a url too)

const TOKEN = 'o.RUe7IZgC6384GrI1zQ0aBcDeFgHiJkLm';

function check(req: VendorRequest): string | null {
  if (req.headers['content-type'] !== 'application/json') return 'POST bodies are JSON';
  const push = req.json;
  if (!push || typeof push !== 'object') return 'the body is a push';
  const fields: Record<string, string[]> = { note: ['type', 'title', 'body'], link: ['type', 'title', 'body', 'url'] };
  const allowed = fields[push.type];
  if (!allowed) return 'type is note or link';
  const extra = Object.keys(push).filter((k) => !allowed.includes(k));
  if (extra.length) return `not fields of a ${push.type} push: ${extra.join(', ')}`;
  if (!allowed.every((k) => typeof push[k] === 'string')) return `${allowed.join(', ')} are strings`;
  return null;
}

const error = (status: number, type: string, message: string) => ({ status, json: { error: { code: type, type: 'invalid_request', message, cat: '~(=^‥^)' } } });

let vendor: FakeVendor;
beforeEach(async () => {
  vendor = await startFakeVendor(
    [
      [
        'POST',
        /^\/v2\/pushes$/,
        ({ headers, json }) => {
          if (headers['access-token'] !== TOKEN) return error(401, 'invalid_access_token', 'Access token is missing or invalid.');
          return { status: 200, json: { active: true, iden: 'ujpah72o0sjAoRtnM0jc', created: 1795205640.1, modified: 1795205640.1, dismissed: false, direction: 'self', ...json } };
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

const org = pushbulletMedium.org.parse({});
const target = (token = TOKEN) => pushbulletMedium.target.parse({ token });
const send = (message: PersonalMessage = sampleMessages.failure, t = target()) => pushbulletMedium.send({ apiUrl: vendor.url }, t, message, mediumContext());

describe('personal Pushbullet', () => {
  it("pushes a link to the check with the user's token, or a note when there is no link", async () => {
    expect(await send()).toMatchObject({ ok: true, status: 200 });
    expect(await send(sampleMessages.test)).toMatchObject({ ok: true });
    expect(vendor.requests.map((r) => r.json)).toEqual([
      { type: 'link', title: sampleMessages.failure.title, body: sampleMessages.failure.body, url: 'https://backwatch.example.com/checks/42' },
      { type: 'note', title: sampleMessages.test.title, body: sampleMessages.test.body },
    ]);
  });

  it("fails at once on a token Pushbullet refuses, with Pushbullet's words", async () => {
    const outcome = await send(sampleMessages.failure, target('o.revoked'));
    expect(outcome).toEqual(expect.objectContaining({ ok: false, retryable: false, status: 401, error: 'Pushbullet: Access token is missing or invalid.' }));
  });

  it.each([
    [429, error(429, 'too_many_requests', 'Too many requests, please slow down.'), true],
    [500, { status: 500, text: 'Internal Server Error' }, true],
    [403, error(403, 'forbidden', 'The access token is not valid for that request.'), false],
  ])('reads HTTP %i as a failure, retryable: %s', async (status, answer, retryable) => {
    vendor.down = answer;
    expect(await send()).toMatchObject({ ok: false, retryable, status });
  });

  it('talks to api.pushbullet.com unless told otherwise; the token is the secret', () => {
    expect(org).toEqual({ apiUrl: 'https://api.pushbullet.com' });
    expect(() => target('')).toThrow();
    expect(() => target('o.with space')).toThrow(/access token/);
    expect(pushbulletMedium.targetSecrets).toEqual(['token']);
  });
});
