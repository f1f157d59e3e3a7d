import type { Api, ApiDeps } from '../api/api.types.js';
import { registerAddWebauthn } from './routes/add-webauthn.route.js';
import { registerChangePassword } from './routes/change-password.route.js';
import { registerConfirmTotp } from './routes/confirm-totp.route.js';
import { registerCreateUser } from './routes/create-user.route.js';
import { registerDeleteUser } from './routes/delete-user.route.js';
import { registerDeleteWebauthn } from './routes/delete-webauthn.route.js';
import { registerDisableTotp } from './routes/disable-totp.route.js';
import { registerGetAccount } from './routes/get-account.route.js';
import { registerGetUser } from './routes/get-user.route.js';
import { registerListUsers } from './routes/list-users.route.js';
import { registerListWebauthn } from './routes/list-webauthn.route.js';
import { registerNewRecoveryCodes } from './routes/new-recovery-codes.route.js';
import { registerStartTotp } from './routes/start-totp.route.js';
import { registerUpdateUser } from './routes/update-user.route.js';
import { registerWebauthnOptions } from './routes/webauthn-options.route.js';

export function registerAccountRoutes(api: Api, deps: ApiDeps) {
  for (const register of [
    registerGetAccount,
    registerChangePassword,
    registerStartTotp,
    registerConfirmTotp,
    registerDisableTotp,
    registerNewRecoveryCodes,
    registerListWebauthn,
    registerWebauthnOptions,
    registerAddWebauthn,
    registerDeleteWebauthn,
    registerListUsers,
    registerCreateUser,
    registerGetUser,
    registerUpdateUser,
    registerDeleteUser,
  ]) {
    register(api, deps);
  }
}
