import { z } from '@hono/zod-openapi';
import { MEDIA } from './personal.media.types.js';
import { PERSONAL_STATUSES, quietHoursSchema } from './personal.settings.js';

const medium = z.enum(MEDIA);

export const notificationsSchema = z
  .object({
    statuses: z.array(z.enum(PERSONAL_STATUSES)).openapi({ description: 'What reaches you: failure, warning, overdue, recovery.' }),
    email: z.object({ enabled: z.boolean(), address: z.string().nullable() }),
    sms: z.object({ enabled: z.boolean(), phone: z.string().nullable().openapi({ description: 'The confirmed number.' }), pendingPhone: z.string().nullable().openapi({ description: 'A number waiting for its code.' }) }),
    push: z.object({
      enabled: z.boolean(),
      publicKey: z.string().openapi({ description: "The VAPID public key (the browser's applicationServerKey)." }),
      subscriptions: z.array(z.object({ id: z.number().int(), userAgent: z.string(), createdAt: z.string(), lastSuccessAt: z.string().nullable() })),
    }),
    pushbullet: z.object({ enabled: z.boolean(), token: z.string().nullable().openapi({ description: 'A hint of the token kept (its last characters).' }) }),
    pushover: z.object({ enabled: z.boolean(), userKey: z.string().nullable().openapi({ description: 'A hint of the key kept.' }) }),
    quietHours: quietHoursSchema.nullable(),
    available: z.array(medium).openapi({ description: 'The media the organization has set up.' }),
  })
  .openapi('PersonalNotifications');

export const confirmPhoneSchema = z.object({ code: z.string().regex(/^\s*\d{6}\s*$/, 'the six digits sent by SMS') }).openapi('ConfirmPhone');

export const testNotificationSchema = z.object({ medium }).openapi('TestNotification');

export const testResultsSchema = z
  .object({
    results: z.array(
      z.object({
        medium,
        subscriptionId: z.number().int().nullable(),
        ok: z.boolean(),
        status: z.number().int().nullable(),
        error: z.string().nullable().openapi({ description: "Why it failed, with the vendor's own message where it gave one." }),
        removed: z.boolean().openapi({ description: 'The push service said the browser is gone: it was removed.' }),
      }),
    ),
  })
  .openapi('TestNotificationResults');

export const pushSubscriptionSchema = z
  .object({
    endpoint: z.url({ protocol: /^https?$/ }).max(2000).openapi({ description: "The push service's URL for this browser (PushSubscription.endpoint); it is reached through the guarded HTTP client like every outbound call." }),
    keys: z.object({
      p256dh: z.string().regex(/^[A-Za-z0-9_-]{80,100}={0,2}$/, "the browser's P-256 public key, base64url"),
      auth: z.string().regex(/^[A-Za-z0-9_-]{16,24}={0,2}$/, 'the 16-byte auth secret, base64url'),
    }),
  })
  .openapi('PushSubscription');

const orgMedium = z.record(z.string(), z.unknown()).nullable().optional();

export const personalMediaPatchSchema = z
  .object({
    email: orgMedium.openapi({ description: 'The outgoing mail relay: {host, port?, security?, username?, password?, from}; null turns email off.' }),
    sms: orgMedium.openapi({ description: "{provider: 'twilio', accountSid, authToken, from | messagingServiceSid, apiUrl?} or {provider: 'vonage', apiKey, apiSecret, from, apiUrl?}; null turns SMS off." }),
    pushover: orgMedium.openapi({ description: '{appToken, apiUrl?}; null turns Pushover off.' }),
    pushbullet: orgMedium.openapi({ description: '{apiUrl?}: Pushbullet needs nothing from the organization; null restores the public API.' }),
    push: z.object({ subject: z.string().regex(/^(mailto:\S+@\S+|https:\/\/\S+)$/, 'a mailto: address or an https URL') }).optional(),
  })
  .strict()
  .openapi('PersonalMediaPatch');

export const personalMediaSchema = z
  .object({
    email: z.record(z.string(), z.unknown()).nullable(),
    sms: z.record(z.string(), z.unknown()).nullable(),
    pushover: z.record(z.string(), z.unknown()).nullable(),
    pushbullet: z.record(z.string(), z.unknown()).nullable(),
    push: z.object({ publicKey: z.string(), subject: z.string() }),
    available: z.array(medium),
  })
  .openapi('PersonalMedia');
