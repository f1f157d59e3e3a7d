import { createHash } from 'node:crypto';
import { clipBytes } from '../../alerts/channels/channel.text.js';
import type { PersonalMessage } from '../personal.media.types.js';

// What a browser is sent: the JSON the console's service worker shows, and how the push service treats it.

/**
 * Push services take 4096 bytes of encrypted message; Firefox for Android about 3000.
 * Encryption adds 103 (a header of 86, a tag of 16, a padding delimiter), so 3000 of JSON fit everywhere.
 */
export const PUSH_PAYLOAD_BYTES = 3000;

/** What the service worker reads (`showNotification(title, {body, tag, data: {url, status}})`). */
export interface PushPayload {
  title: string;
  body: string;
  url: string | null;
  /** One per check: a newer notification about the same check replaces the older one on screen. */
  tag: string;
  status: PersonalMessage['status'];
}

export const pushTag = (m: Pick<PersonalMessage, 'checkName' | 'event'>) => (m.event === 'test' ? 'backwatch:test' : `backwatch:check:${m.checkName}`);

/**
 * RFC 8030's Topic: a newer message with the same topic replaces one the push service still holds
 * for an offline browser. At most 32 base64url characters, so the tag's digest rather than the tag.
 */
export const pushTopic = (tag: string) => createHash('sha256').update(tag).digest('base64url').slice(0, 32);

/** A problem wakes the device at once; a recovery may wait for a convenient moment (RFC 8030 Urgency). */
export const PUSH_URGENCY = { failure: 'high', overdue: 'high', warning: 'normal', success: 'low', test: 'normal' } as const;

/** The payload as JSON, the body cut (never the title) to the most that fits in `max` bytes. */
export function pushPayload(m: PersonalMessage, max = PUSH_PAYLOAD_BYTES): string {
  const payload: PushPayload = { title: m.title, body: m.body, url: m.url, tag: pushTag(m), status: m.status };
  const json = (budget: number) => JSON.stringify({ ...payload, body: budget ? clipBytes(m.body, budget) : '' });
  const whole = JSON.stringify(payload);
  if (Buffer.byteLength(whole) <= max) return whole;
  // JSON escapes make a body's share of the payload larger than its bytes, by how much depends on the text: search for it.
  let [lo, hi] = [0, Buffer.byteLength(m.body)];
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (Buffer.byteLength(json(mid)) <= max) lo = mid;
    else hi = mid - 1;
  }
  return json(lo);
}
