import type { Api, ApiDeps } from '../api/api.types.js';
import { registerCreateApiKey } from './routes/create-apikey.route.js';
import { registerListApiKeys } from './routes/list-apikeys.route.js';
import { registerRevokeApiKey } from './routes/revoke-apikey.route.js';

export function registerApiKeyRoutes(api: Api, deps: ApiDeps) {
  for (const register of [registerListApiKeys, registerCreateApiKey, registerRevokeApiKey]) register(api, deps);
}
