import type { Db } from '../db/database.js';
import { SECRET_KEY_CHECK, type SecretBox } from '../shared/secrets.js';

const CHECK_TEXT = 'backwatch secret key check';

export class SecretKeyMismatch extends Error {}

const refusal = () =>
  new SecretKeyMismatch(
    'the secret key cannot open the secrets stored in this database: start with the key they were sealed with ' +
      '(BACKWATCH_SECRET_KEY, or secret.key of the data dir this database came from); every node on one database needs the same key',
  );

/**
 * Every node must seal and open secrets with the same key. The database keeps a
 * value sealed with the first key used; a node whose key cannot open it refuses
 * to start, instead of failing later on every channel and 2FA login. A database
 * from before this check is judged by one of the secrets it already holds.
 */
export async function verifySecretKey(db: Db, box: SecretBox): Promise<void> {
  const opens = (sealed: string) => {
    try {
      box.open(sealed);
      return true;
    } catch {
      return false;
    }
  };
  const stored = await db.selectFrom('meta').select('value').where('key', '=', SECRET_KEY_CHECK).executeTakeFirst();
  if (stored) {
    if (!opens(stored.value)) throw refusal();
    return;
  }
  const existing =
    (await db.selectFrom('channels').select('secrets as sealed').where('secrets', 'is not', null).limit(1).executeTakeFirst()) ??
    (await db.selectFrom('users').select('totp_secret as sealed').where('totp_secret', 'is not', null).limit(1).executeTakeFirst());
  if (existing?.sealed && !opens(existing.sealed)) throw refusal();
  await db
    .insertInto('meta')
    .values({ key: SECRET_KEY_CHECK, value: box.seal(CHECK_TEXT) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  // Two nodes starting together on a new database: the first one's value stands, and both must open it.
  const kept = await db.selectFrom('meta').select('value').where('key', '=', SECRET_KEY_CHECK).executeTakeFirstOrThrow();
  if (!opens(kept.value)) throw refusal();
}
