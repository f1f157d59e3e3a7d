import { z } from 'zod';
import { answerJson, sendHttp } from '../../alerts/channels/channel.http.js';
import type { MediumAdapter } from '../personal.media.types.js';

// Pushbullet's pushes: https://docs.pushbullet.com/#create-push

/** Nothing to set but where the API is (a stand-in in tests). */
export const pushbulletOrg = z.object({ apiUrl: z.url({ protocol: /^https?$/ }).default('https://api.pushbullet.com') });
/** The user's own access token: it pushes to every device of the user's account. */
export const pushbulletTarget = z.object({ token: z.string().regex(/^[\x21-\x7e]{1,200}$/, 'an access token, as Pushbullet shows it under Account › Access Tokens') });

export type PushbulletOrg = z.infer<typeof pushbulletOrg>;
export type PushbulletTarget = z.infer<typeof pushbulletTarget>;

export const pushbulletMedium = {
  medium: 'pushbullet',
  org: pushbulletOrg,
  target: pushbulletTarget,
  orgSecrets: [],
  targetSecrets: ['token'],
  async send(org, target, message, ctx) {
    const push = message.url
      ? { type: 'link', title: message.title, body: message.body, url: message.url }
      : { type: 'note', title: message.title, body: message.body };
    const outcome = await sendHttp(ctx, {
      url: `${org.apiUrl.replace(/\/+$/, '')}/v2/pushes`,
      headers: { 'access-token': target.token, 'content-type': 'application/json' },
      body: JSON.stringify(push),
    });
    if (outcome.ok || outcome.status === undefined) return outcome;
    // {error: {type, message, cat}}: a token revoked or mistyped (401, 403) stays so until the user sets another.
    const said = answerJson(outcome).error?.message;
    return typeof said === 'string' ? { ...outcome, error: `Pushbullet: ${said}` } : outcome;
  },
} satisfies MediumAdapter<PushbulletOrg, PushbulletTarget>;
