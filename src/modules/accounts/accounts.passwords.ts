import crypto from 'node:crypto';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 1024;

/**
 * scrypt at OWASP's strength (N=2^16, r=8, p=2: 64 MiB, about a third of a
 * second here). Each hash names its parameters in PHC form, so they can be
 * raised later and old hashes still verify (and are rehashed at the next login).
 */
const CURRENT = { ln: 16, r: 8, p: 2 };
const KEY_LENGTH = 32;

type Params = typeof CURRENT;

function derive(password: string, salt: Buffer, { ln, r, p }: Params): Promise<Buffer> {
  const N = 2 ** ln;
  return new Promise((resolve, reject) =>
    crypto.scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const key = await derive(password, salt, CURRENT);
  return `$scrypt$ln=${CURRENT.ln},r=${CURRENT.r},p=${CURRENT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

function parse(encoded: string): { params: Params; salt: Buffer; key: Buffer } | null {
  const m = /^\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(encoded);
  if (!m) return null;
  const params = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (params.ln < 1 || params.ln > 24 || params.r < 1 || params.r > 32 || params.p < 1 || params.p > 16) return null;
  return { params, salt: Buffer.from(m[4]!, 'base64'), key: Buffer.from(m[5]!, 'base64') };
}

export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const stored = parse(encoded);
  if (!stored) return false;
  const key = await derive(password, stored.salt, stored.params);
  return key.length === stored.key.length && crypto.timingSafeEqual(key, stored.key);
}

/** True for hashes made with weaker parameters than today's. */
export function needsRehash(encoded: string): boolean {
  const stored = parse(encoded);
  return !stored || stored.params.ln < CURRENT.ln || stored.params.r < CURRENT.r || stored.params.p < CURRENT.p;
}

let dummy: Promise<string> | undefined;

/** Spends a verification's time for a username that does not exist, so timing does not tell which names do. */
export async function verifyNobody(password: string): Promise<false> {
  await verifyPassword(password, await (dummy ??= hashPassword('not a password of anyone')));
  return false;
}
