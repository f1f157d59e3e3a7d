import { z } from '@hono/zod-openapi';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './accounts.passwords.js';
import { USERNAME_PATTERN } from './accounts.users.js';

export const roleSchema = z.enum(['admin', 'viewer']).openapi({ description: '`admin`: everything; `viewer`: reads everything but users and API keys (within `groupIds`), changes only their own account.' });

const GROUP_IDS_DOC =
  'The check groups the user may see (ids, GET /groups); null or absent: every group. A limited user sees only those groups\' checks and what belongs to them (activities, messages, jobs, deliveries, tickets, channels); an empty list: no checks at all. Administrators see every group (null only).';

/** The groups a user is limited to, as given. */
export const groupIdsSchema = z.array(z.number().int().positive()).max(1000).nullable().openapi({ description: GROUP_IDS_DOC, example: [3, 7] });

export const usernameSchema = z.string().trim().regex(USERNAME_PATTERN, 'use 1–64 letters, digits and . _ @ + -').openapi({ example: 'alice' });

/** A password being set: at least 10 characters. */
export const newPasswordSchema = z.string().min(MIN_PASSWORD_LENGTH).max(MAX_PASSWORD_LENGTH).openapi({ description: `At least ${MIN_PASSWORD_LENGTH} characters.` });

/** A password being checked: any length, so a short one is "wrong" rather than "invalid". */
export const passwordSchema = z.string().min(1).max(MAX_PASSWORD_LENGTH);

export const userSchema = z
  .object({
    id: z.number().int(),
    username: z.string(),
    role: roleSchema,
    totpEnabled: z.boolean(),
    webauthnCount: z.number().int().openapi({ description: 'Security keys registered.' }),
    createdAt: z.string(),
    updatedAt: z.string(),
    lastLoginAt: z.string().nullable(),
    groupIds: z.array(z.number().int()).nullable().openapi({ description: GROUP_IDS_DOC }),
  })
  .openapi('User');

export const createUserSchema = z
  .object({ username: usernameSchema, password: newPasswordSchema, role: roleSchema.default('viewer'), groupIds: groupIdsSchema.optional() })
  .openapi('CreateUser');

export const updateUserSchema = z
  .object({
    username: usernameSchema.optional(),
    role: roleSchema.optional().openapi({ description: 'The last administrator cannot be made a viewer.' }),
    password: newPasswordSchema.optional().openapi({ description: 'A new password; ends the user\'s sessions.' }),
    resetMfa: z.boolean().optional().openapi({ description: 'true: remove the user\'s TOTP, security keys and recovery codes (for someone who lost them).' }),
    groupIds: groupIdsSchema.optional().openapi({ description: `${GROUP_IDS_DOC} Takes effect on the user's next request.` }),
  })
  .openapi('UpdateUser');

export const accountSchema = z
  .object({
    user: userSchema,
    recoveryCodesLeft: z.number().int().openapi({ description: 'Unused recovery codes.' }),
    totpPending: z.boolean().openapi({ description: 'A TOTP enrolment was started and not confirmed.' }),
    webauthnAvailable: z.boolean().openapi({ description: 'Security keys can be used here: the console is on HTTPS or localhost.' }),
  })
  .openapi('Account');

export const changePasswordSchema = z.object({ current: passwordSchema, next: newPasswordSchema }).openapi('ChangePassword');
export const confirmPasswordSchema = z.object({ password: passwordSchema }).openapi('ConfirmPassword');
export const codeSchema = z.object({ code: z.string().min(1).max(64).openapi({ example: '123456' }) }).openapi('Code');

export const totpEnrolmentSchema = z
  .object({
    secret: z.string().openapi({ description: 'The base32 secret, for typing into an app that cannot scan.' }),
    otpauthUrl: z.string().openapi({ example: 'otpauth://totp/backwatch:alice?issuer=backwatch&secret=…&algorithm=SHA1&digits=6&period=30' }),
    qr: z.string().openapi({ description: 'The otpauth URL as a QR code: an SVG `data:` URL for an <img>.' }),
  })
  .openapi('TotpEnrolment');

export const recoveryCodesSchema = z
  .object({ recoveryCodes: z.array(z.string()).openapi({ description: 'Ten codes, each usable once instead of a second factor; shown only now.', example: ['abcd-efgh-ijkl-mnop'] }) })
  .openapi('RecoveryCodes');

export const credentialSchema = z
  .object({ id: z.number().int(), name: z.string(), transports: z.array(z.string()), createdAt: z.string(), lastUsedAt: z.string().nullable() })
  .openapi('SecurityKey');

/** A browser's answer from navigator.credentials.create()/get(), as JSON (what @simplewebauthn/browser returns). */
export const webauthnResponseSchema = z
  .looseObject({ id: z.string(), rawId: z.string(), type: z.string(), response: z.record(z.string(), z.unknown()) })
  .openapi('WebAuthnResponse', { description: 'PublicKeyCredential as JSON: `startRegistration()`/`startAuthentication()` of @simplewebauthn/browser, or `credential.toJSON()`.' });

export const addCredentialSchema = z.object({ name: z.string().trim().min(1).max(100).openapi({ example: 'YubiKey 5' }), response: webauthnResponseSchema }).openapi('AddSecurityKey');

export const addedCredentialSchema = z
  .object({
    credential: credentialSchema,
    recoveryCodes: z.array(z.string()).nullable().openapi({ description: 'With the account\'s first second factor, a set of recovery codes (shown only now); otherwise null.' }),
  })
  .openapi('AddedSecurityKey');

/** Options for navigator.credentials.create()/get(), as JSON (`startRegistration({optionsJSON})` of @simplewebauthn/browser). */
export const webauthnOptionsSchema = z.looseObject({ challenge: z.string() }).openapi('WebAuthnOptions');
