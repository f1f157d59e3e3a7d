import { describe, expect, it } from 'vitest';
import { sampleMessages } from '../../../../test/helpers/personal-messages.js';
import { PUSH_PAYLOAD_BYTES, pushPayload, pushTag, pushTopic } from './webpush.payload.js';

describe('the Web Push payload', () => {
  it("is the JSON the service worker shows, tagged by check so a newer notification replaces an older one", () => {
    expect(JSON.parse(pushPayload(sampleMessages.failure))).toEqual({
      title: 'Failure: User01: Documents (Acme Corp)',
      body: sampleMessages.failure.body,
      url: 'https://backwatch.example.com/checks/42',
      tag: 'backwatch:check:User01: Documents (Acme Corp)',
      status: 'failure',
    });
    expect(pushTag(sampleMessages.restore)).toBe(pushTag(sampleMessages.failure));
    expect(pushTag({ ...sampleMessages.failure, checkName: 'Other' })).not.toBe(pushTag(sampleMessages.failure));
    expect(JSON.parse(pushPayload(sampleMessages.test))).toMatchObject({ url: null, tag: 'backwatch:test', status: 'test' });
  });

  it('has a topic of at most 32 base64url characters, the same for the same tag', () => {
    const topic = pushTopic(pushTag(sampleMessages.failure));
    expect(topic).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(pushTopic(pushTag(sampleMessages.warning))).toBe(topic);
  });

  it.each([
    ['plain text', 'x'.repeat(10_000)],
    ['text that JSON escapes', '"\\\n\u0001'.repeat(3_000)],
    ['text of several bytes a character', '✓ Документы '.repeat(1_000)],
  ])('cuts a long body (%s) to fit in 3000 bytes, the title whole', (_, body) => {
    const json = pushPayload({ ...sampleMessages.failure, title: 'T'.repeat(500), body });
    const payload = JSON.parse(json);
    expect(Buffer.byteLength(json)).toBeLessThanOrEqual(PUSH_PAYLOAD_BYTES);
    expect(Buffer.byteLength(json)).toBeGreaterThan(PUSH_PAYLOAD_BYTES - 40);
    expect(payload.title).toBe('T'.repeat(500));
    expect(payload.body.endsWith('…')).toBe(true);
    expect(body.startsWith(payload.body.slice(0, -1))).toBe(true);
  });
});
