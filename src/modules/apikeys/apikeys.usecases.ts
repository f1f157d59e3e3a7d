import type { Db } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { generateApiKey, hashApiKey } from './apikeys.models.js';
import { findActiveKeyByHash, insertApiKey, touchApiKey } from './apikeys.repository.js';

export async function createApiKey(deps: { db: Db; clock: Clock }, name: string) {
  const { key, prefix, hash } = generateApiKey();
  const id = await insertApiKey(deps.db, { name, prefix, hash, now: deps.clock.now().toISOString() });
  return { id, name, prefix, key };
}

/** last_used_at is a hint for people, so it is written at most once a minute per key. */
const TOUCH_INTERVAL_MS = 60_000;

export async function authenticateApiKey(deps: { db: Db; clock: Clock }, key: string) {
  const found = await findActiveKeyByHash(deps.db, hashApiKey(key));
  if (!found) return null;
  const now = deps.clock.now();
  if (!found.last_used_at || now.getTime() - Date.parse(found.last_used_at) > TOUCH_INTERVAL_MS) {
    await touchApiKey(deps.db, found.id, now.toISOString());
  }
  return { id: found.id, name: found.name };
}
