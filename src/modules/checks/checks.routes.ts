import type { Api, ApiDeps } from '../api/api.types.js';
import { registerCreateCheck } from './routes/create-check.route.js';
import { registerDeleteCheck } from './routes/delete-check.route.js';
import { registerGetCheck } from './routes/get-check.route.js';
import { registerListChecks } from './routes/list-checks.route.js';
import { registerTestCheck } from './routes/test-check.route.js';
import { registerTestUnsavedRules } from './routes/test-unsaved-rules.route.js';
import { registerUpdateCheck } from './routes/update-check.route.js';
import { registerMergeChecks } from './routes/merge-checks.route.js';

export function registerCheckRoutes(api: Api, deps: ApiDeps) {
  for (const register of [registerListChecks, registerTestUnsavedRules, registerCreateCheck, registerGetCheck, registerUpdateCheck, registerDeleteCheck, registerTestCheck, registerMergeChecks]) {
    register(api, deps);
  }
}
