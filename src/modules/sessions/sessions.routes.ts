import { bodyLimit } from 'hono/body-limit';
import { errorBody } from '../api/api.errors.js';
import type { Api, ApiDeps } from '../api/api.types.js';
import { registerGetSession } from './routes/get-session.route.js';
import { registerLoginRecovery } from './routes/login-recovery.route.js';
import { registerLoginTotp } from './routes/login-totp.route.js';
import { registerLoginWebauthnOptions } from './routes/login-webauthn-options.route.js';
import { registerLoginWebauthn } from './routes/login-webauthn.route.js';
import { registerLogin } from './routes/login.route.js';
import { registerLogout } from './routes/logout.route.js';
import { registerSetup } from './routes/setup.route.js';

export function registerSessionRoutes(api: Api, deps: ApiDeps) {
  // These take requests from anyone: small bodies only.
  const small = bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.json(errorBody('payload_too_large', 'the request body is too large'), 413) });
  for (const path of ['/session', '/session/*', '/setup']) api.use(path, small);
  for (const register of [registerGetSession, registerSetup, registerLogin, registerLogout, registerLoginTotp, registerLoginRecovery, registerLoginWebauthnOptions, registerLoginWebauthn]) {
    register(api, deps);
  }
}
