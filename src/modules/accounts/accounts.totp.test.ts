import { TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { newTotpSecret, otpauthUrl, qrDataUrl, totpStep } from './accounts.totp.js';

const at = (iso: string) => new Date(iso);
const codeAt = (secret: string, iso: string) => new TOTP({ secret, algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: Date.parse(iso) });

describe('TOTP', () => {
  const secret = newTotpSecret();

  it('makes 160-bit base32 secrets and an otpauth URL apps understand', () => {
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const url = new URL(otpauthUrl(secret, 'alice'));
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(decodeURIComponent(url.pathname)).toBe('/backwatch:alice');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ secret, issuer: 'backwatch', algorithm: 'SHA1', digits: '6', period: '30' });
  });

  it('accepts the current code and those of one step before and after, and names their step', () => {
    const now = '2026-11-20T12:00:10Z';
    const step = Math.floor(Date.parse(now) / 30_000);
    expect(totpStep(secret, codeAt(secret, now), at(now))).toBe(step);
    expect(totpStep(secret, codeAt(secret, '2026-11-20T11:59:45Z'), at(now))).toBe(step - 1);
    expect(totpStep(secret, codeAt(secret, '2026-11-20T12:00:35Z'), at(now))).toBe(step + 1);
  });

  it('refuses codes two steps away, malformed codes and other secrets\' codes', () => {
    const now = '2026-11-20T12:00:10Z';
    expect(totpStep(secret, codeAt(secret, '2026-11-20T11:59:10Z'), at(now))).toBeNull();
    expect(totpStep(secret, 'abcdef', at(now))).toBeNull();
    expect(totpStep(secret, '12345', at(now))).toBeNull();
    expect(totpStep(secret, codeAt(newTotpSecret(), now), at(now))).toBeNull();
  });

  it('reads a code typed with a space in the middle', () => {
    const now = '2026-11-20T12:00:10Z';
    const code = codeAt(secret, now);
    expect(totpStep(secret, `${code.slice(0, 3)} ${code.slice(3)}`, at(now))).not.toBeNull();
  });

  it('draws the URL as an SVG QR code', async () => {
    const url = await qrDataUrl(otpauthUrl(secret, 'alice'));
    expect(url).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(url.split(',')[1]!, 'base64').toString()).toContain('<svg');
  });
});
