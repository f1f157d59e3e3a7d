import crypto from 'node:crypto';

const KEY_PREFIX = 'bw_';

/** A new key: 256 random bits. Only its hash is stored; the key itself is shown once. */
export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const key = KEY_PREFIX + crypto.randomBytes(32).toString('base64url');
  return { key, prefix: key.slice(0, KEY_PREFIX.length + 6), hash: hashApiKey(key) };
}

/** SHA-256 suffices: the keys are random and long, so there is nothing to brute-force. */
export function hashApiKey(key: string): string {
  return crypto.createHash('sha256').update(key).digest('hex');
}
