import type { Api, ApiDeps } from '../api/api.types.js';
import { registerCometSettings } from './routes/comet-settings.route.js';
import { registerIngestCometEvent } from './routes/ingest-event.route.js';
import { registerJobRoutes } from './routes/jobs.route.js';
import { registerTombstones } from './routes/tombstones.route.js';

export function registerCometRoutes(api: Api, deps: ApiDeps) {
  for (const register of [registerCometSettings, registerIngestCometEvent, registerJobRoutes, registerTombstones]) register(api, deps);
}
