import type { Api, ApiDeps } from '../api/api.types.js';
import { registerCreateChannel } from './routes/create-channel.route.js';
import { registerDeleteChannel } from './routes/delete-channel.route.js';
import { registerForgetConnect } from './routes/forget-connect.route.js';
import { registerGetChannel } from './routes/get-channel.route.js';
import { registerLookups } from './routes/lookups.route.js';
import { registerListChannels } from './routes/list-channels.route.js';
import { registerPollConnect } from './routes/poll-connect.route.js';
import { registerStartConnect } from './routes/start-connect.route.js';
import { registerTestChannel } from './routes/test-channel.route.js';
import { registerUpdateChannel } from './routes/update-channel.route.js';

export function registerChannelRoutes(api: Api, deps: ApiDeps) {
  for (const register of [
    registerListChannels,
    registerCreateChannel,
    registerGetChannel,
    registerUpdateChannel,
    registerDeleteChannel,
    registerTestChannel,
    registerStartConnect,
    registerPollConnect,
    registerForgetConnect,
    registerLookups,
  ]) {
    register(api, deps);
  }
}
