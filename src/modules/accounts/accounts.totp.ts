import { Secret, TOTP } from 'otpauth';

const ISSUER = 'backwatch';
const PERIOD_S = 30;

/** RFC 6238 as every authenticator app reads it: SHA-1, 6 digits, 30 s. */
function totp(secret: string, username: string) {
  return new TOTP({ issuer: ISSUER, label: username, algorithm: 'SHA1', digits: 6, period: PERIOD_S, secret: Secret.fromBase32(secret) });
}

/** 160 random bits, base32 (RFC 4226's recommended length). */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function otpauthUrl(secret: string, username: string): string {
  return totp(secret, username).toString();
}

/** The QR code of the otpauth URL as an SVG data URL, for an <img> (the console's policy allows data: images). */
export async function qrDataUrl(text: string): Promise<string> {
  // Loaded on first use: only enrolment draws a QR code.
  const { default: QRCode } = await import('qrcode');
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

/**
 * The time step a code belongs to, within one step either side of now (clocks
 * drift, people type slowly), or null. The caller refuses a step already used.
 */
export function totpStep(secret: string, code: string, now: Date): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const t = totp(secret, '');
  const delta = t.validate({ token, timestamp: now.getTime(), window: 1 });
  return delta === null ? null : t.counter({ timestamp: now.getTime() }) + delta;
}
