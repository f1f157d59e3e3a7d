import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const KEY_FILE = 'secret.key';

/** The `meta` row holding a value sealed with the installation's key (see verifySecretKey). */
export const SECRET_KEY_CHECK = 'secret_key_check';
const VERSION = 'v1';

/** Where the key lives when BACKWATCH_SECRET_KEY is unset. */
export const secretKeyFile = (dataDir: string) => path.join(dataDir, KEY_FILE);

/**
 * Seals channel secrets (webhook URLs with tokens, API keys, passwords) with
 * AES-256-GCM before they reach the database; a sealed value names its format
 * version so the scheme can change later.
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('the secret key must be 32 bytes');
  }

  seal(plain: string): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join(':');
  }

  open(sealed: string): string {
    const [version, iv, tag, data] = sealed.split(':');
    if (version !== VERSION || !iv || !tag || data === undefined) throw new Error('not a sealed secret');
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
  }
}

/**
 * The key from BACKWATCH_SECRET_KEY (32 bytes in base64, or any passphrase,
 * hashed to 32 bytes), else from `secret.key` in the data dir, created with
 * 32 random bytes and mode 0600 on first start.
 */
export function loadSecretKey(configured: string | undefined, dataDir: string): Buffer {
  if (configured) {
    const decoded = Buffer.from(configured, 'base64');
    return decoded.length === 32 && decoded.toString('base64').replace(/=+$/, '') === configured.replace(/=+$/, '')
      ? decoded
      : crypto.createHash('sha256').update(configured, 'utf8').digest();
  }
  const file = secretKeyFile(dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, crypto.randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
  return key;
}
