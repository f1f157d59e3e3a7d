import { z } from '@hono/zod-openapi';
import { newPasswordSchema, passwordSchema, userSchema, usernameSchema } from '../accounts/accounts.schemas.js';

export const mfaMethodSchema = z.enum(['totp', 'webauthn', 'recovery']);

export const sessionSchema = z
  .object({
    setupRequired: z.boolean().openapi({ description: 'No user exists yet: show the setup page (POST /setup).' }),
    user: z.union([userSchema, z.null()]).openapi({ description: 'The logged-in user; null when logged out or while the second factor is awaited.' }),
    mfaPending: z.boolean().openapi({ description: 'Password accepted, second factor awaited.' }),
    mfaMethods: z.array(mfaMethodSchema).openapi({ description: 'Second factors the user has (`recovery` while unused recovery codes remain).' }),
    csrfToken: z.string().nullable().openapi({ description: 'Send as `X-CSRF-Token` with every request but GET and HEAD.' }),
  })
  .openapi('Session');

export const loginAnswerSchema = z
  .object({
    user: z.union([userSchema, z.null()]).openapi({ description: 'Null while a second factor is required.' }),
    mfaRequired: z.boolean(),
    mfaMethods: z.array(mfaMethodSchema),
    csrfToken: z.string().openapi({ description: 'The new session\'s token, for `X-CSRF-Token`.' }),
  })
  .openapi('Login');

export const loginSchema = z.object({ username: z.string().min(1).max(200), password: passwordSchema }).openapi('LoginRequest');
export const setupSchema = z.object({ username: usernameSchema, password: newPasswordSchema }).openapi('Setup');
