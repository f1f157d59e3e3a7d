import type { Db } from '../../db/database.js';
import type { UserRow } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import { hashRecoveryCode, newRecoveryCodes } from './accounts.recovery.js';
import { advanceTotpStep, countUnusedRecoveryCodes, deleteRecoveryCodes, listCredentialRows, replaceRecoveryCodes, updateUserRow, useRecoveryCode } from './accounts.repository.js';
import { newTotpSecret, otpauthUrl, qrDataUrl, totpStep } from './accounts.totp.js';
import { type AccountDeps, confirmPassword } from './accounts.users.js';

export type MfaMethod = 'totp' | 'webauthn' | 'recovery';

/** The second factors a user can log in with; none means a password is enough. */
export async function mfaMethods(db: Db, user: UserRow): Promise<MfaMethod[]> {
  const methods: MfaMethod[] = [];
  if (user.totp_enabled) methods.push('totp');
  if ((await listCredentialRows(db, user.id)).length > 0) methods.push('webauthn');
  if (methods.length > 0 && (await countUnusedRecoveryCodes(db, user.id)) > 0) methods.push('recovery');
  return methods;
}

/** A new set of recovery codes replacing any earlier one; the codes are answered once and kept only as hashes. */
export async function issueRecoveryCodes(deps: Pick<AccountDeps, 'db' | 'clock'>, userId: number): Promise<string[]> {
  const codes = newRecoveryCodes();
  await replaceRecoveryCodes(deps.db, userId, codes.map(hashRecoveryCode), deps.clock.now().toISOString());
  return codes;
}

export async function startTotp(deps: AccountDeps, user: UserRow) {
  if (user.totp_enabled) throw new AppError('totp.enabled', 'TOTP is already on; turn it off first to use another app or device', 409);
  const secret = newTotpSecret();
  await updateUserRow(deps.db, user.id, { totp_pending_secret: deps.box.seal(secret), updated_at: deps.clock.now().toISOString() });
  const url = otpauthUrl(secret, user.username);
  return { secret, otpauthUrl: url, qr: await qrDataUrl(url) };
}

export async function confirmTotp(deps: AccountDeps, user: UserRow, code: string) {
  if (user.totp_enabled) throw new AppError('totp.enabled', 'TOTP is already on', 409);
  if (!user.totp_pending_secret) throw new AppError('totp.not_started', 'start the enrolment first (POST /account/totp)', 409);
  const secret = deps.box.open(user.totp_pending_secret);
  const now = deps.clock.now();
  const step = totpStep(secret, code, now);
  if (step === null) throw new AppError('totp.invalid_code', 'that code is not right; check the device\'s clock and try the next one', 400);
  await updateUserRow(deps.db, user.id, {
    totp_secret: user.totp_pending_secret,
    totp_pending_secret: null,
    totp_enabled: 1,
    totp_last_step: step,
    updated_at: now.toISOString(),
  });
  return { recoveryCodes: await issueRecoveryCodes(deps, user.id) };
}

export async function disableTotp(deps: AccountDeps, user: UserRow, password: string, ip: string): Promise<void> {
  await confirmPassword(deps, user, password, ip);
  await deps.db.transaction().execute(async (trx) => {
    await updateUserRow(trx, user.id, { totp_enabled: 0, totp_secret: null, totp_pending_secret: null, totp_last_step: null, updated_at: deps.clock.now().toISOString() });
    if ((await listCredentialRows(trx, user.id)).length === 0) await deleteRecoveryCodes(trx, user.id);
  });
}

export async function regenerateRecoveryCodes(deps: AccountDeps, user: UserRow, password: string, ip: string) {
  await confirmPassword(deps, user, password, ip);
  if (!user.totp_enabled && (await listCredentialRows(deps.db, user.id)).length === 0) {
    throw new AppError('mfa.not_enabled', 'recovery codes stand in for a second factor: turn on TOTP or add a security key first', 409);
  }
  return { recoveryCodes: await issueRecoveryCodes(deps, user.id) };
}

/**
 * Checks a TOTP code at login; a code is accepted once (a later code of the
 * same or an earlier step is refused, so an overheard code cannot be replayed).
 */
export async function checkTotpCode(deps: Pick<AccountDeps, 'db' | 'clock' | 'box'>, user: UserRow, code: string): Promise<boolean> {
  if (!user.totp_enabled || !user.totp_secret) return false;
  const step = totpStep(deps.box.open(user.totp_secret), code, deps.clock.now());
  if (step === null) return false;
  return advanceTotpStep(deps.db, user.id, step);
}

export async function checkRecoveryCode(deps: Pick<AccountDeps, 'db' | 'clock'>, user: UserRow, code: string): Promise<boolean> {
  return useRecoveryCode(deps.db, user.id, hashRecoveryCode(code), deps.clock.now().toISOString());
}

export async function accountView(db: Db, user: UserRow) {
  return { recoveryCodesLeft: await countUnusedRecoveryCodes(db, user.id), totpPending: user.totp_pending_secret !== null && !user.totp_enabled };
}
