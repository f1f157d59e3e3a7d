import type { Api, ApiDeps } from '../api/api.types.js';
import { registerAddPushSubscription } from './routes/add-push-subscription.route.js';
import { registerConfirmPhone } from './routes/confirm-phone.route.js';
import { registerDeletePushSubscription } from './routes/delete-push-subscription.route.js';
import { registerGetNotifications } from './routes/get-notifications.route.js';
import { registerPersonalMedia } from './routes/personal-media.route.js';
import { registerTestNotification } from './routes/test-notification.route.js';
import { registerUpdateNotifications } from './routes/update-notifications.route.js';

export function registerPersonalRoutes(api: Api, deps: ApiDeps) {
  for (const register of [
    registerGetNotifications,
    registerUpdateNotifications,
    registerConfirmPhone,
    registerTestNotification,
    registerAddPushSubscription,
    registerDeletePushSubscription,
    registerPersonalMedia,
  ]) {
    register(api, deps);
  }
}
