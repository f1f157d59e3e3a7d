import type { SecretBox } from '../../shared/secrets.js';

type Config = Record<string, unknown>;

/** Splits a channel's config into the part stored as is and the secret part, sealed. */
export function sealConfig(config: Config, secretKeys: readonly string[], box: SecretBox): { plain: Config; sealed: string | null } {
  const plain: Config = {};
  const secret: Config = {};
  for (const [key, value] of Object.entries(config)) (secretKeys.includes(key) ? secret : plain)[key] = value;
  return { plain, sealed: Object.keys(secret).length ? box.seal(JSON.stringify(secret)) : null };
}

export function openConfig(plain: string, sealed: string | null, box: SecretBox): Config {
  return { ...JSON.parse(plain), ...(sealed ? JSON.parse(box.open(sealed)) : {}) };
}

function maskValue(value: unknown): unknown {
  if (typeof value === 'string') {
    try {
      const url = new URL(value);
      if (url.protocol === 'http:' || url.protocol === 'https:') return `${url.origin}/…`;
    } catch {
      // not a URL: fall through
    }
    return value.length > 12 ? `…${value.slice(-3)}` : '…';
  }
  if (Array.isArray(value)) return value.map(() => '…');
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).map((k) => [k, '…']));
  return '…';
}

/** A config as the API shows it: secrets reduced to a hint (a URL's origin, a key's last characters). */
export function maskConfig(config: Config, secretKeys: readonly string[]): Config {
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, secretKeys.includes(k) ? maskValue(v) : v]));
}
