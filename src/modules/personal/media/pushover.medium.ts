import { z } from 'zod';
import { PUSHOVER_API, pushoverKey, sendPushover } from '../../alerts/channels/pushover.api.js';
import type { MediumAdapter, PersonalMessage } from '../personal.media.types.js';

/** The organization's Pushover application. */
export const pushoverOrg = z.object({ appToken: pushoverKey, apiUrl: z.url({ protocol: /^https?$/ }).default(PUSHOVER_API) });
/** The user's (or a group's) key. */
export const pushoverTarget = z.object({ userKey: pushoverKey });

export type PushoverOrg = z.infer<typeof pushoverOrg>;
export type PushoverTarget = z.infer<typeof pushoverTarget>;

/** High (past quiet hours) for a problem that needs someone, quiet for a recovery. */
const PRIORITY: Record<PersonalMessage['status'], number> = { failure: 1, overdue: 1, warning: 0, success: -1, test: 0 };

export const pushoverMedium = {
  medium: 'pushover',
  org: pushoverOrg,
  target: pushoverTarget,
  orgSecrets: ['appToken'],
  targetSecrets: ['userKey'],
  send: (org, target, message, ctx) =>
    sendPushover(ctx, org.apiUrl, {
      token: org.appToken,
      user: target.userKey,
      title: message.title,
      message: message.body,
      priority: PRIORITY[message.status],
      url: message.url ?? undefined,
      urlTitle: 'Open the check in backwatch',
    }),
} satisfies MediumAdapter<PushoverOrg, PushoverTarget>;
