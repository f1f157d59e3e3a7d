import crypto from 'node:crypto';
import type { Db } from '../../../db/database.js';
import { readSetting, writeSetting } from '../../settings/settings.repository.js';

const KEY = 'comet_webhook';

interface StoredSecret {
  hash: string;
  hint: string;
  createdAt: string;
}

const hash = (secret: string) => crypto.createHash('sha256').update(secret).digest('hex');

/** A new secret for Comet's webhook, replacing the old one. Only its SHA-256 is kept: it is shown once. */
export async function newWebhookSecret(db: Db, now: Date): Promise<{ secret: string; createdAt: string }> {
  const secret = `bwh_${crypto.randomBytes(24).toString('base64url')}`;
  await writeSetting(db, KEY, { hash: hash(secret), hint: secret.slice(0, 8), createdAt: now.toISOString() } satisfies StoredSecret);
  return { secret, createdAt: now.toISOString() };
}

export async function removeWebhookSecret(db: Db): Promise<void> {
  await db.deleteFrom('settings').where('key', '=', KEY).execute();
}

export async function webhookSecretInfo(db: Db): Promise<{ configured: boolean; hint: string | null; createdAt: string | null }> {
  const stored = await readSetting<StoredSecret>(db, KEY);
  return { configured: Boolean(stored), hint: stored?.hint ?? null, createdAt: stored?.createdAt ?? null };
}

/** Whether `given` is the current secret (compared in constant time; false while none is set). */
export async function webhookSecretMatches(db: Db, given: string | undefined): Promise<boolean> {
  const stored = await readSetting<StoredSecret>(db, KEY);
  if (!stored || !given) return false;
  return crypto.timingSafeEqual(Buffer.from(hash(given), 'hex'), Buffer.from(stored.hash, 'hex'));
}
