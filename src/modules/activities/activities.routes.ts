import type { Api, ApiDeps } from '../api/api.types.js';
import { registerListActivities } from './routes/list-activities.route.js';

export function registerActivityRoutes(api: Api, deps: ApiDeps) {
  registerListActivities(api, deps);
}
