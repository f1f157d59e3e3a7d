import type { Api, ApiDeps } from '../api/api.types.js';
import { registerGetDelivery } from './routes/get-delivery.route.js';
import { registerListDeliveries } from './routes/list-deliveries.route.js';
import { registerRetryDelivery } from './routes/retry-delivery.route.js';

export function registerDeliveryRoutes(api: Api, deps: ApiDeps) {
  for (const register of [registerListDeliveries, registerGetDelivery, registerRetryDelivery]) register(api, deps);
}
