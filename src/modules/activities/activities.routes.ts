import type { Api, ApiDeps } from '../api/api.types.js';
import { registerActivitySummary } from './routes/activity-summary.route.js';
import { registerListActivities } from './routes/list-activities.route.js';

export function registerActivityRoutes(api: Api, deps: ApiDeps) {
  registerListActivities(api, deps);
  registerActivitySummary(api, deps);
}
