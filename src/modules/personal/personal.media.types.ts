import type { z } from 'zod';
import type { HttpClient } from '../../shared/http-client.js';
import type { SendOutcome } from '../alerts/channels/channel.types.js';

/** The media a user can be notified on (GET/PATCH /api/v1/account/notifications). */
export const MEDIA = ['email', 'sms', 'push', 'pushbullet', 'pushover'] as const;
export type Medium = (typeof MEDIA)[number];

/** One personal notification, as plain text every medium can show. */
export interface PersonalMessage {
  /** "Failure: Nightly documents" — the check's status and name. */
  title: string;
  /** Plain text, several lines (what happened, when, the key lines). */
  body: string;
  /** Kept whole when a medium must cut the text (an SMS). */
  checkName: string;
  /** The check's page in the console, when the public URL is known. */
  url: string | null;
  /** failure, warning, overdue, success (a recovery), or test. */
  status: 'failure' | 'warning' | 'overdue' | 'success' | 'test';
  event: 'alert' | 'restore' | 'test' | 'code';
}

export interface MediumContext {
  http: HttpClient;
  /** Stable for every attempt of one delivery. */
  idempotencyKey: string;
}

/**
 * What one attempt came to. `gone` says the target no longer exists and will not
 * come back (a Web Push subscription answered 404 or 410): the caller removes it.
 */
export type MediumOutcome = SendOutcome & { gone?: boolean };

/**
 * One medium. `Org` is what an administrator sets once for the organization
 * (the mail relay, the SMS provider, the Pushover application token, the VAPID
 * keys); `Target` is the user's own (an address, a phone number, a browser's
 * push subscription, a Pushbullet token, a Pushover user key).
 */
export interface MediumAdapter<Org = any, Target = any> {
  medium: Medium;
  /** Validates the organization's settings of this medium. */
  org?: z.ZodType<Org>;
  /** Validates one user's target. */
  target?: z.ZodType<Target>;
  /** Keys of `org` and of `target` encrypted at rest and never returned whole by the API. */
  orgSecrets?: readonly string[];
  targetSecrets?: readonly string[];
  send(org: Org, target: Target, message: PersonalMessage, ctx: MediumContext): Promise<MediumOutcome>;
}
