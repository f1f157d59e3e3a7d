import webpush from 'web-push';
import { z } from 'zod';
import { sendHttp } from '../../alerts/channels/channel.http.js';
import type { MediumAdapter } from '../personal.media.types.js';
import { PUSH_URGENCY, pushPayload, pushTag, pushTopic } from './webpush.payload.js';

// Web Push (RFC 8030), encrypted for the browser (RFC 8291) and signed with the organization's VAPID keys (RFC 8292).

const base64url = (bytes: number, what: string) =>
  z.string().refine((s) => /^[A-Za-z0-9_-]+={0,2}$/.test(s) && Buffer.from(s, 'base64url').length === bytes, `${what}: ${bytes} bytes, base64url`);

/** The organization's VAPID key pair (makeVapidKeys) and a contact for push services. */
export const webpushOrg = z.object({
  publicKey: base64url(65, 'a VAPID public key'),
  privateKey: base64url(32, 'a VAPID private key'),
  subject: z.union([z.string().regex(/^mailto:[^@\s]+@[^@\s]+$/), z.url({ protocol: /^https$/ })], 'a mailto: address or an https URL'),
});

/** A browser's subscription, as PushSubscription.toJSON() gives it. */
export const webpushTarget = z.object({
  endpoint: z.url({ protocol: /^https?$/ }),
  keys: z.object({ p256dh: base64url(65, 'p256dh'), auth: base64url(16, 'auth') }),
});

export type WebpushOrg = z.infer<typeof webpushOrg>;
export type WebpushTarget = z.infer<typeof webpushTarget>;

/** A day: a notification a browser could not get for longer is better seen in the console. */
const TTL_SECONDS = 24 * 60 * 60;

export const makeVapidKeys = (): Pick<WebpushOrg, 'publicKey' | 'privateKey'> => webpush.generateVAPIDKeys();

export const webpushMedium = {
  medium: 'push',
  org: webpushOrg,
  target: webpushTarget,
  orgSecrets: ['privateKey'],
  // The auth secret keeps the message from the push service; the endpoint stays plain so a subscription can be found by it.
  targetSecrets: ['keys'],
  async send(org, target, message, ctx) {
    let request: ReturnType<typeof webpush.generateRequestDetails>;
    try {
      request = webpush.generateRequestDetails(target, pushPayload(message), {
        vapidDetails: { subject: org.subject, publicKey: org.publicKey, privateKey: org.privateKey },
        TTL: TTL_SECONDS,
        urgency: PUSH_URGENCY[message.status],
        topic: pushTopic(pushTag(message)),
      });
    } catch (e) {
      return { ok: false, retryable: false, error: `Web Push: ${e instanceof Error ? e.message : String(e)}` };
    }
    // The client sets the length itself.
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name.toLowerCase() !== 'content-length').map(([name, value]) => [name, String(value)]));
    const outcome = await sendHttp(ctx, { url: request.endpoint, headers, body: request.body ?? undefined });
    // RFC 8030 §7.3: the subscription expired or the browser unsubscribed; it will not come back.
    if (!outcome.ok && (outcome.status === 404 || outcome.status === 410)) return { ...outcome, retryable: false, gone: true, error: `the subscription is gone (HTTP ${outcome.status})` };
    return outcome;
  },
} satisfies MediumAdapter<WebpushOrg, WebpushTarget>;
