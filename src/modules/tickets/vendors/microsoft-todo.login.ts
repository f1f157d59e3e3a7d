import { OutboundRefused } from '../../../shared/http-client.js';
import { retryableStatus } from '../../alerts/channels/channel.http.js';
import type { Refreshed } from '../../alerts/channels/channel.grant.js';
import type { ChannelContext, DeviceCodeStart, SendFailure } from '../../alerts/channels/channel.types.js';
import { baseUrl } from './vendor.http.js';

// The Microsoft identity platform: the device authorization grant and refresh tokens.
// https://learn.microsoft.com/entra/identity-platform/v2-oauth2-device-code
// https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow#refresh-the-access-token

/** To Do's tasks, a refresh token to keep them, and the account's name to show. */
export const SCOPE = 'Tasks.ReadWrite offline_access User.Read';
export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export interface LoginConfig {
  loginUrl: string;
  tenant: string;
  clientId: string;
}

/** What the endpoint answered: its JSON, an OAuth error (`error`, the first line of `error_description`), or a failure to reach it. */
type Reply = { ok: true; json: any } | { ok: false; oauth: string; reason: string; status: number } | SendFailure;

const MAX_REASON = 300;

async function post(c: LoginConfig, ctx: ChannelContext, endpoint: 'devicecode' | 'token', form: Record<string, string>): Promise<Reply> {
  const url = `${baseUrl(c.loginUrl)}/${encodeURIComponent(c.tenant)}/oauth2/v2.0/${endpoint}`;
  const step = `Microsoft sign-in (${endpoint})`;
  try {
    const res = await ctx.http.send({ method: 'POST', url, headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
    let json: any = null;
    try {
      json = JSON.parse(res.body);
    } catch {
      // not JSON: told by the status below
    }
    if (res.status >= 200 && res.status < 300 && json) return { ok: true, json };
    if (typeof json?.error === 'string') {
      const reason = String(json.error_description ?? json.error).split(/\r?\n/)[0]!.slice(0, MAX_REASON);
      return { ok: false, oauth: json.error, reason, status: res.status };
    }
    return { ok: false, retryable: retryableStatus(res.status), status: res.status, error: `${step}: HTTP ${res.status}`, response: res.body.slice(0, 500) };
  } catch (e) {
    return { ok: false, retryable: !(e instanceof OutboundRefused), error: `${step}: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** An OAuth error that is not part of the protocol's normal course: the settings are wrong, or the service is busy. */
const failure = (r: { oauth: string; reason: string; status: number }): SendFailure => ({
  ok: false,
  retryable: r.oauth === 'temporarily_unavailable' || retryableStatus(r.status),
  status: r.status,
  error: `Microsoft sign-in: ${r.reason}`,
});

export async function startDeviceCode(c: LoginConfig, ctx: ChannelContext): Promise<({ ok: true } & DeviceCodeStart) | SendFailure> {
  const got = await post(c, ctx, 'devicecode', { client_id: c.clientId, scope: SCOPE });
  if (!got.ok) return 'oauth' in got ? failure(got) : got;
  const j = got.json;
  const strings = [j.device_code, j.user_code, j.verification_uri].every((v) => typeof v === 'string' && v);
  if (!strings || !Number.isFinite(j.expires_in)) return { ok: false, retryable: false, error: 'Microsoft sign-in: the device code answer lacks its codes' };
  const interval = Number.isFinite(j.interval) && j.interval > 0 ? j.interval : 5;
  const message = typeof j.message === 'string' ? j.message : `To sign in, open ${j.verification_uri} and enter the code ${j.user_code}.`;
  return { ok: true, deviceCode: j.device_code, userCode: j.user_code, verificationUri: j.verification_uri, expiresIn: j.expires_in, interval, message };
}

export type Redeemed =
  | { state: 'pending'; slowDown?: boolean }
  | { state: 'declined' | 'expired' }
  | { state: 'tokens'; refreshToken: string; accessToken: string; expiresIn: number }
  | SendFailure;

/** Asks once whether the person has signed in with the code yet. */
export async function redeemDeviceCode(c: LoginConfig, deviceCode: string, ctx: ChannelContext): Promise<Redeemed> {
  const got = await post(c, ctx, 'token', { grant_type: DEVICE_CODE_GRANT, client_id: c.clientId, device_code: deviceCode });
  if (got.ok) {
    const { access_token: accessToken, refresh_token: refreshToken, expires_in: expiresIn } = got.json;
    if (typeof accessToken !== 'string' || !Number.isFinite(expiresIn)) return { ok: false, retryable: false, error: 'Microsoft sign-in: the token answer lacks its access token' };
    if (typeof refreshToken !== 'string') return { ok: false, retryable: false, error: 'Microsoft sign-in: no refresh token came (was offline_access granted?)' };
    return { state: 'tokens', accessToken, refreshToken, expiresIn };
  }
  if (!('oauth' in got)) return got;
  if (got.oauth === 'authorization_pending') return { state: 'pending' };
  // RFC 8628 §3.5: poll less often.
  if (got.oauth === 'slow_down') return { state: 'pending', slowDown: true };
  if (got.oauth === 'authorization_declined') return { state: 'declined' };
  if (got.oauth === 'expired_token') return { state: 'expired' };
  return failure(got);
}

/**
 * A new access token (and the rotated refresh token). `invalid_grant` (expired, revoked,
 * the password changed: AADSTS70008, 50173…) and `interaction_required` (a new sign-in
 * or consent) mean that nothing but signing in again will do.
 */
export async function refreshGrant(c: LoginConfig, ctx: ChannelContext, refreshToken: string): Promise<Refreshed> {
  const got = await post(c, ctx, 'token', { grant_type: 'refresh_token', client_id: c.clientId, refresh_token: refreshToken, scope: SCOPE });
  if (got.ok) {
    const { access_token: accessToken, refresh_token: rotated, expires_in: expiresIn } = got.json;
    if (typeof accessToken !== 'string' || !Number.isFinite(expiresIn)) return { ok: false, retryable: false, error: 'Microsoft sign-in: the token answer lacks its access token' };
    return { ok: true, accessToken, expiresIn, ...(typeof rotated === 'string' ? { refreshToken: rotated } : {}) };
  }
  if (!('oauth' in got)) return got;
  if (got.oauth === 'invalid_grant' || got.oauth === 'interaction_required') return { ok: false, revoked: true, reason: got.reason };
  return failure(got);
}
