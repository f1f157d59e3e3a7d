import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSecretKey, SecretBox } from './secrets.js';

describe('SecretBox', () => {
  const box = new SecretBox(crypto.randomBytes(32));
  it('opens what it sealed, and seals the same text differently each time', () => {
    const a = box.seal('https://hooks.slack.com/services/T0/B0/secret');
    const b = box.seal('https://hooks.slack.com/services/T0/B0/secret');
    expect(a).not.toBe(b);
    expect(a).not.toContain('secret');
    expect(box.open(a)).toBe('https://hooks.slack.com/services/T0/B0/secret');
  });
  it('refuses a tampered value and another key', () => {
    const sealed = box.seal('hunter2');
    const parts = sealed.split(':');
    parts[3] = Buffer.from('hunter3').toString('base64');
    expect(() => box.open(parts.join(':'))).toThrow();
    expect(() => new SecretBox(crypto.randomBytes(32)).open(sealed)).toThrow();
  });
});

describe('loadSecretKey', () => {
  it('creates a key file readable only by its owner on first start, then reuses it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bw-key-'));
    try {
      const key = loadSecretKey(undefined, dir);
      const file = path.join(dir, 'secret.key');
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(loadSecretKey(undefined, dir)).toEqual(key);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  it('takes BACKWATCH_SECRET_KEY as 32 base64 bytes, or hashes a passphrase', () => {
    const raw = crypto.randomBytes(32);
    expect(loadSecretKey(raw.toString('base64'), '/nonexistent')).toEqual(raw);
    expect(loadSecretKey('a long passphrase of some kind', '/nonexistent')).toHaveLength(32);
  });
});
