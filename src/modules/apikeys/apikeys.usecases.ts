import type { Db } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { generateApiKey, hashApiKey } from './apikeys.models.js';
import { AppError } from '../../shared/errors.js';
import { findActiveKeyByHash, findApiKey, insertApiKey, listApiKeys, revokeApiKey, touchApiKey } from './apikeys.repository.js';

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

type ApiKeyListRow = Awaited<ReturnType<typeof listApiKeys>>[number];

function present(k: ApiKeyListRow) {
  return { id: k.id, name: k.name, prefix: k.prefix, createdAt: k.created_at, lastUsedAt: k.last_used_at, revokedAt: k.revoked_at };
}

/** Every key, revoked ones too (with when), never the keys themselves. */
export async function listApiKeyViews(db: Db) {
  return (await listApiKeys(db)).map(present);
}

/** A new key as the API answers it: the key itself this once. */
export async function createApiKeyView(deps: { db: Db; clock: Clock }, name: string) {
  const { id, key } = await createApiKey(deps, name);
  return { ...present(await findApiKey(deps.db, id)), key };
}

export async function revokeApiKeyById(deps: { db: Db; clock: Clock }, id: number): Promise<void> {
  if (!(await revokeApiKey(deps.db, id, deps.clock.now().toISOString()))) throw new AppError('apikey.not_found', `no active API key ${id}`, 404);
}
