import type { AuthenticationResponseJSON, RegistrationResponseJSON, verifyAuthenticationResponse, verifyRegistrationResponse } from '@simplewebauthn/server';
import type { UserRow, WebauthnCredentialRow } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import { takeChallenge, updateSessionRow } from '../sessions/sessions.repository.js';
import { issueRecoveryCodes } from './accounts.mfa.js';
import { credentialExists, deleteCredentialRow, deleteRecoveryCodes, insertCredential, listCredentialRows, touchCredential } from './accounts.repository.js';
import type { AccountDeps } from './accounts.users.js';

// Loaded when a security key is first used: the library and its ASN.1 stack are a large share of the
// service's memory, and most installations never register a key.
const webauthn = () => import('@simplewebauthn/server');

/** Where WebAuthn ceremonies happen: the RP ID (a host name) and the origins the browser may report. */
export interface RelyingParty {
  id: string;
  origins: string[];
  /** Browsers offer WebAuthn only in secure contexts with a host name: HTTPS, or localhost. */
  available: boolean;
}

/**
 * From BACKWATCH_PUBLIC_URL when it is set; otherwise from the request's host,
 * over either scheme (a proxy may end TLS without saying so).
 */
export function relyingParty(req: { url: string; host?: string; forwardedProto?: string }, publicUrl?: string): RelyingParty {
  const base = new URL(publicUrl ?? req.url);
  if (!publicUrl && req.host) base.host = req.host;
  if (!publicUrl && req.forwardedProto === 'https') base.protocol = 'https:';
  const id = base.hostname.replace(/^\[|\]$/g, '');
  const local = id === 'localhost' || id.endsWith('.localhost');
  const isIp = /^[\d.]+$/.test(id) || id.includes(':');
  const origins = publicUrl ? [base.origin] : ['https:', 'http:'].map((p) => `${p}//${base.host}`);
  return { id, origins, available: !isIp && (base.protocol === 'https:' || local) };
}

const CHALLENGE_TTL_MS = 5 * 60_000;

interface Challenge {
  purpose: 'register' | 'login';
  challenge: string;
  expiresAt: string;
}

const invalidResponse = (message: string) => new AppError('webauthn.invalid', `the security key's answer was refused: ${message}`, 400);

function requireAvailable(rp: RelyingParty) {
  if (!rp.available) throw new AppError('webauthn.unavailable', 'browsers offer security keys only over HTTPS or on localhost; set BACKWATCH_PUBLIC_URL to the https:// address', 409);
}

async function remember(deps: AccountDeps, sessionId: number, purpose: Challenge['purpose'], challenge: string) {
  const value: Challenge = { purpose, challenge, expiresAt: new Date(deps.clock.now().getTime() + CHALLENGE_TTL_MS).toISOString() };
  await updateSessionRow(deps.db, sessionId, { webauthn_challenge: JSON.stringify(value) });
}

/** The challenge of the ceremony under way in this session, taken so it serves once. */
async function recall(deps: AccountDeps, sessionId: number, purpose: Challenge['purpose']): Promise<string> {
  const raw = await takeChallenge(deps.db, sessionId);
  const found = raw ? (JSON.parse(raw) as Challenge) : null;
  if (!found || found.purpose !== purpose || Date.parse(found.expiresAt) < deps.clock.now().getTime()) {
    throw invalidResponse('no ceremony of this kind is under way in this session; ask for options again');
  }
  return found.challenge;
}

const transportsOf = (row: WebauthnCredentialRow) => JSON.parse(row.transports) as string[];

export function presentCredential(row: WebauthnCredentialRow) {
  return { id: row.id, name: row.name, transports: transportsOf(row), createdAt: row.created_at, lastUsedAt: row.last_used_at };
}

export async function listCredentials(deps: AccountDeps, user: UserRow) {
  return (await listCredentialRows(deps.db, user.id)).map(presentCredential);
}

export async function registrationOptions(deps: AccountDeps, user: UserRow, sessionId: number, rp: RelyingParty) {
  requireAvailable(rp);
  const existing = await listCredentialRows(deps.db, user.id);
  const options = await (await webauthn()).generateRegistrationOptions({
    rpName: 'backwatch',
    rpID: rp.id,
    userName: user.username,
    userID: new TextEncoder().encode(`backwatch-user-${user.id}`),
    attestationType: 'none',
    excludeCredentials: existing.map((c) => ({ id: c.credential_id, transports: transportsOf(c) })),
    authenticatorSelection: { residentKey: 'discouraged', userVerification: 'preferred' },
    preferredAuthenticatorType: 'securityKey',
  });
  await remember(deps, sessionId, 'register', options.challenge);
  return options;
}

/** Adds a security key; the first second factor a user gets comes with a set of recovery codes. */
export async function registerCredential(deps: AccountDeps, user: UserRow, sessionId: number, rp: RelyingParty, input: { name: string; response: unknown }) {
  requireAvailable(rp);
  const expectedChallenge = await recall(deps, sessionId, 'register');
  let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verified = await (await webauthn()).verifyRegistrationResponse({
      response: input.response as RegistrationResponseJSON,
      expectedChallenge,
      expectedOrigin: rp.origins,
      expectedRPID: rp.id,
      requireUserVerification: false,
    });
  } catch (e) {
    throw invalidResponse((e as Error).message);
  }
  if (!verified.verified) throw invalidResponse('it could not be verified');
  const { credential } = verified.registrationInfo;
  const hadSecondFactor = user.totp_enabled === 1 || (await listCredentialRows(deps.db, user.id)).length > 0;
  const now = deps.clock.now().toISOString();
  const id = await deps.db.transaction().execute(async (trx) => {
    if (await credentialExists(trx, credential.id)) {
      throw new AppError('webauthn.exists', 'this security key is already registered', 409);
    }
    return insertCredential(trx, {
      user_id: user.id,
      credential_id: credential.id,
      public_key: Buffer.from(credential.publicKey).toString('base64url'),
      counter: credential.counter,
      transports: credential.transports ?? [],
      name: input.name,
      now,
    });
  });
  const row = (await listCredentialRows(deps.db, user.id)).find((c) => c.id === id)!;
  return { credential: presentCredential(row), recoveryCodes: hadSecondFactor ? null : await issueRecoveryCodes(deps, user.id) };
}

export async function removeCredential(deps: AccountDeps, user: UserRow, id: number): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    if (!(await deleteCredentialRow(trx, user.id, id))) throw new AppError('webauthn.not_found', `security key ${id} does not exist`, 404);
    // Recovery codes go with the last second factor: they would otherwise be a way in without one.
    if (!user.totp_enabled && (await listCredentialRows(trx, user.id)).length === 0) await deleteRecoveryCodes(trx, user.id);
  });
}

export async function authenticationOptions(deps: AccountDeps, user: UserRow, sessionId: number, rp: RelyingParty) {
  requireAvailable(rp);
  const existing = await listCredentialRows(deps.db, user.id);
  if (existing.length === 0) throw new AppError('webauthn.none', 'this account has no security key', 409);
  const options = await (await webauthn()).generateAuthenticationOptions({
    rpID: rp.id,
    allowCredentials: existing.map((c) => ({ id: c.credential_id, transports: transportsOf(c) })),
    userVerification: 'discouraged',
  });
  await remember(deps, sessionId, 'login', options.challenge);
  return options;
}

/** Verifies a login assertion and advances the key's signature counter. */
export async function checkAssertion(deps: AccountDeps, user: UserRow, sessionId: number, rp: RelyingParty, response: unknown): Promise<void> {
  requireAvailable(rp);
  const expectedChallenge = await recall(deps, sessionId, 'login');
  const answer = response as AuthenticationResponseJSON;
  const row = (await listCredentialRows(deps.db, user.id)).find((c) => c.credential_id === answer?.id);
  if (!row) throw invalidResponse('this security key is not registered to the account');
  let verified: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
  try {
    verified = await (await webauthn()).verifyAuthenticationResponse({
      response: answer,
      expectedChallenge,
      expectedOrigin: rp.origins,
      expectedRPID: rp.id,
      credential: { id: row.credential_id, publicKey: new Uint8Array(Buffer.from(row.public_key, 'base64url')), counter: row.counter, transports: transportsOf(row) },
      requireUserVerification: false,
    });
  } catch (e) {
    throw invalidResponse((e as Error).message);
  }
  if (!verified.verified) throw invalidResponse('the signature does not verify');
  await touchCredential(deps.db, row.id, verified.authenticationInfo.newCounter, deps.clock.now().toISOString());
}
