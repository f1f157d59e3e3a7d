import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, verifyPassword } from './accounts.passwords.js';

describe('password hashes', () => {
  it('verify the password they were made from and no other', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^\$scrypt\$ln=16,r=8,p=2\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
    expect(needsRehash(hash)).toBe(false);
  });

  it('use a new salt every time', async () => {
    expect(await hashPassword('same password')).not.toBe(await hashPassword('same password'));
  });

  it('keep verifying with the parameters they name, which are then due for a rehash', async () => {
    // ln=10 was never current: a hash made by hand stands for one from an older release.
    const crypto = await import('node:crypto');
    const salt = crypto.randomBytes(16);
    const key = crypto.scryptSync('older password', salt, 32, { N: 1024, r: 8, p: 1 });
    const old = `$scrypt$ln=10,r=8,p=1$${salt.toString('base64')}$${key.toString('base64')}`;
    expect(await verifyPassword('older password', old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
  });

  it('treat the same text in composed and decomposed Unicode as one password', async () => {
    const hash = await hashPassword('Passwort-Müller');
    expect(await verifyPassword('Passwort-Mu\u0308ller', hash)).toBe(true);
  });

  it('refuse anything that is not a hash', async () => {
    expect(await verifyPassword('x', 'plain text')).toBe(false);
    expect(await verifyPassword('x', '$scrypt$ln=99,r=8,p=1$AAAA$AAAA')).toBe(false);
  });
});
