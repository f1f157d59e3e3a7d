import type { Api, ApiDeps } from '../../api/api.types.js';
import type { CometParts } from './comet.parts.js';
import { registerCometSettings } from './routes/comet-settings.route.js';
import { registerIngestCometEvent } from './routes/ingest-event.route.js';
import { registerTombstones } from './routes/tombstones.route.js';

export function registerCometRoutes(api: Api, deps: ApiDeps, comet: CometParts) {
  for (const register of [registerCometSettings, registerIngestCometEvent, registerTombstones]) register(api, deps, comet);
}
