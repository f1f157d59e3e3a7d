import crypto from 'node:crypto';
import type { UserRow } from '../../db/schema.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, invalid } from '../../shared/errors.js';
import { testAlertView } from '../alerts/alerts.view.js';
import type { Medium } from './personal.media.types.js';
import { countPhoneTry, findPersonalRow, savePersonalRow, setPhoneCode, subscriptionsOf } from './personal.repository.js';
import { afterPush, choicesFrom, choicesOf, type PersonalDeps, sendToMedium, type UserChoices } from './personal.sender.js';
import { patchedSettings, type PersonalSecrets, type SettingsPatch } from './personal.settings.js';

export interface AccountNotificationDeps extends PersonalDeps {
  clock: Clock;
  timezone: () => string;
  publicUrl: () => string;
}

type User = Pick<UserRow, 'id' | 'username'>;

const CODE_MINUTES = 10;
const CODE_TRIES = 5;
const hashCode = (userId: number, code: string) => crypto.createHash('sha256').update(`${userId}:${code}`).digest('hex');
const hint = (secret: string | undefined) => (secret ? `…${secret.slice(-3)}` : null);

export async function presentNotifications(deps: AccountNotificationDeps, user: User) {
  const row = await findPersonalRow(deps.db, user.id);
  const { settings, secrets } = choicesFrom(deps.box, user, row);
  const subscriptions = await subscriptionsOf(deps.db, [user.id]);
  return {
    statuses: settings.statuses,
    email: settings.email,
    sms: { ...settings.sms, pendingPhone: row?.phone_pending ?? null },
    push: {
      ...settings.push,
      publicKey: deps.org.vapid().publicKey,
      subscriptions: subscriptions.map((s) => ({ id: s.id, userAgent: s.user_agent, createdAt: s.created_at, lastSuccessAt: s.last_success_at })),
    },
    pushbullet: { ...settings.pushbullet, token: hint(secrets.pushbulletToken) },
    pushover: { ...settings.pushover, userKey: hint(secrets.pushoverUserKey) },
    quietHours: settings.quietHours,
    available: [...deps.org.available()],
  };
}

/** A medium is switched on only with somewhere to send to, so that nothing is queued for nobody. */
function refuseEmptyMedia(c: UserChoices, pending: boolean) {
  if (c.settings.email.enabled && !c.settings.email.address) throw invalid('email.address', 'give an address to get notifications by email');
  if (c.settings.sms.enabled && !c.settings.sms.phone && !pending) throw invalid('sms.phone', 'give a phone number to get notifications by SMS');
  if (c.settings.pushbullet.enabled && !c.secrets.pushbulletToken) throw invalid('pushbullet.token', 'give your Pushbullet access token');
  if (c.settings.pushover.enabled && !c.secrets.pushoverUserKey) throw invalid('pushover.userKey', 'give your Pushover user key');
}

export async function updateNotifications(deps: AccountNotificationDeps, user: User, patch: SettingsPatch) {
  const current = await choicesOf(deps, user);
  const secrets: PersonalSecrets = { ...current.secrets };
  if (patch.pushbullet?.token !== undefined) secrets.pushbulletToken = patch.pushbullet.token ?? undefined;
  if (patch.pushover?.userKey !== undefined) secrets.pushoverUserKey = patch.pushover.userKey ?? undefined;
  const next = { settings: patchedSettings(current.settings, patch), secrets };
  const newPhone = patch.sms?.phone && patch.sms.phone !== current.settings.sms.phone ? patch.sms.phone : null;
  refuseEmptyMedia(next, newPhone !== null);
  const sealed = Object.values(secrets).some(Boolean) ? deps.box.seal(JSON.stringify(secrets)) : null;
  await savePersonalRow(deps.db, user.id, { settings: JSON.stringify(next.settings), secrets: sealed, now: deps.clock.now().toISOString() });
  if (newPhone) await sendPhoneCode(deps, user, newPhone);
  return presentNotifications(deps, user);
}

/** A six-digit code by SMS to a number not yet confirmed; the number is used once the code comes back. */
async function sendPhoneCode(deps: AccountNotificationDeps, user: User, phone: string) {
  const org = deps.org.org('sms');
  if (!org) throw new AppError('sms.not_set_up', 'SMS is not set up for the organization: an administrator sets a provider in Settings › Personal notifications', 409);
  const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
  const message = { title: 'backwatch', body: `Your backwatch confirmation code is ${code}. It works for ${CODE_MINUTES} minutes.`, checkName: '', url: null, status: 'test' as const, event: 'code' as const };
  const outcome = await deps.media.sms.send(org, { phone }, message, { http: deps.http, idempotencyKey: crypto.randomUUID() });
  if (!outcome.ok) throw new AppError('sms.send_failed', `the code could not be sent: ${outcome.error}`, 422);
  const expiresAt = new Date(deps.clock.now().getTime() + CODE_MINUTES * 60_000).toISOString();
  await setPhoneCode(deps.db, user.id, { phone, hash: hashCode(user.id, code), expiresAt });
}

export async function confirmPhone(deps: AccountNotificationDeps, user: User, code: string) {
  const row = await findPersonalRow(deps.db, user.id);
  if (!row?.phone_pending || !row.phone_code_hash || !row.phone_code_expires_at) throw invalid('code', 'no code is waiting: give the phone number first');
  if (row.phone_code_expires_at < deps.clock.now().toISOString() || row.phone_code_tries >= CODE_TRIES) {
    await setPhoneCode(deps.db, user.id, null);
    throw invalid('code', 'the code expired or was tried too often: give the phone number again for a new one');
  }
  const given = Buffer.from(hashCode(user.id, code.trim()));
  if (!crypto.timingSafeEqual(given, Buffer.from(row.phone_code_hash))) {
    await countPhoneTry(deps.db, user.id);
    throw invalid('code', 'the code is not right');
  }
  const settings = { ...choicesFrom(deps.box, user, row).settings, sms: { enabled: true, phone: row.phone_pending } };
  await deps.db.transaction().execute(async (trx) => {
    await savePersonalRow(trx, user.id, { settings: JSON.stringify(settings), secrets: row.secrets, now: deps.clock.now().toISOString() });
    await setPhoneCode(trx, user.id, null);
  });
  return presentNotifications(deps, user);
}

/** "Send me a test": straight away, not through the outbox, to every browser for push; each answer as it came. */
export async function testNotification(deps: AccountNotificationDeps, user: User, medium: Medium) {
  const choices = await choicesOf(deps, user);
  const view = testAlertView('backwatch test notification', deps.clock.now(), deps.timezone(), deps.publicUrl());
  const targets = medium === 'push' ? (await subscriptionsOf(deps.db, [user.id])).map((s) => s.id) : [null];
  if (!targets.length) throw invalid('medium', 'enable push in this browser first');
  const results = [];
  for (const subscriptionId of targets) {
    const outcome = await sendToMedium(deps, choices, medium, view, crypto.randomUUID(), subscriptionId);
    if (medium === 'push') await afterPush(subscriptionId, outcome)(deps.db, deps.clock.now().toISOString());
    results.push({ medium, subscriptionId, ok: outcome.ok, status: outcome.status ?? null, error: outcome.ok ? null : outcome.error, removed: Boolean(outcome.gone) });
  }
  return { results };
}
