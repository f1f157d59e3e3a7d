import { z } from '@hono/zod-openapi';
import { IANAZone } from 'luxon';
import { E164 } from './media/sms.types.js';
import type { Medium } from './personal.media.types.js';

/** What a user can be told about: a check's problems, and its recovery. */
export const PERSONAL_STATUSES = ['failure', 'warning', 'overdue', 'recovery'] as const;
export type PersonalStatus = (typeof PERSONAL_STATUSES)[number];

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:mm');
const zone = z.string().refine((tz) => IANAZone.isValidZone(tz), 'not an IANA time zone');

export const quietHoursSchema = z
  .object({
    start: clock.openapi({ example: '22:00' }),
    end: clock.openapi({ example: '07:00', description: 'Before start means the quiet hours run over midnight.' }),
    timezone: zone.openapi({ example: 'Europe/Berlin' }),
    breakThrough: z.array(z.enum(PERSONAL_STATUSES)).max(4).default([]).openapi({ description: 'Statuses that reach you during quiet hours all the same (e.g. failure).' }),
  })
  .refine((q) => q.start !== q.end, { message: 'start and end are the same time', path: ['end'] })
  .openapi('QuietHours');

export type QuietHours = z.infer<typeof quietHoursSchema>;

/** A user's choices as stored (the Pushbullet token and Pushover key are kept sealed apart). */
export interface PersonalSettings {
  statuses: PersonalStatus[];
  email: { enabled: boolean; address: string | null };
  sms: { enabled: boolean; phone: string | null };
  push: { enabled: boolean };
  pushbullet: { enabled: boolean };
  pushover: { enabled: boolean };
  quietHours: QuietHours | null;
}

export interface PersonalSecrets {
  pushbulletToken?: string;
  pushoverUserKey?: string;
}

/** As the CheckCentral guide has it: email on (when the user name is an address, which it then is), the rest off until the user sets them up. */
export function defaultSettings(username: string): PersonalSettings {
  const address = z.email().safeParse(username).success ? username : null;
  return {
    statuses: [...PERSONAL_STATUSES],
    email: { enabled: address !== null, address },
    sms: { enabled: false, phone: null },
    push: { enabled: false },
    pushbullet: { enabled: false },
    pushover: { enabled: false },
    quietHours: null,
  };
}

const enabled = z.boolean().optional();

/** PATCH /account/notifications: what is given changes, the rest stays. */
export const settingsPatchSchema = z
  .object({
    statuses: z.array(z.enum(PERSONAL_STATUSES)).max(4).optional(),
    email: z.object({ enabled, address: z.email().max(320).nullable().optional() }).optional(),
    sms: z
      .object({ enabled, phone: z.string().regex(E164, 'a phone number in E.164 form, such as +14155550123').nullable().optional().openapi({ description: 'A new number gets a code by SMS; it is used once confirmed (POST /account/notifications/sms/confirm).' }) })
      .optional(),
    push: z.object({ enabled }).optional(),
    pushbullet: z.object({ enabled, token: z.string().trim().min(1).max(200).nullable().optional().openapi({ description: 'Your Pushbullet access token (Settings › Account).' }) }).optional(),
    pushover: z.object({ enabled, userKey: z.string().regex(/^[A-Za-z0-9]{30}$/, 'a Pushover user or group key: 30 letters and digits').nullable().optional() }).optional(),
    quietHours: quietHoursSchema.nullable().optional(),
  })
  .strict()
  .openapi('PersonalNotificationsPatch');

export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

/** The stored settings with a patch applied (the phone number is not changed here: a new one waits for its code). */
export function patchedSettings(current: PersonalSettings, patch: SettingsPatch): PersonalSettings {
  return {
    statuses: patch.statuses ?? current.statuses,
    email: { enabled: patch.email?.enabled ?? current.email.enabled, address: patch.email?.address === undefined ? current.email.address : patch.email.address },
    sms: { enabled: patch.sms?.enabled ?? current.sms.enabled, phone: patch.sms?.phone === null ? null : current.sms.phone },
    push: { enabled: patch.push?.enabled ?? current.push.enabled },
    pushbullet: { enabled: patch.pushbullet?.enabled ?? current.pushbullet.enabled },
    pushover: { enabled: patch.pushover?.enabled ?? current.pushover.enabled },
    quietHours: patch.quietHours === undefined ? current.quietHours : patch.quietHours,
  };
}

/** The media a user has switched on (a medium is on only with its target: the settings are refused otherwise). */
export function readyMedia(s: PersonalSettings): Medium[] {
  const ready: Medium[] = [];
  if (s.email.enabled && s.email.address) ready.push('email');
  if (s.sms.enabled && s.sms.phone) ready.push('sms');
  if (s.push.enabled) ready.push('push');
  if (s.pushbullet.enabled) ready.push('pushbullet');
  if (s.pushover.enabled) ready.push('pushover');
  return ready;
}
