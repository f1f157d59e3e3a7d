import type { Api, ApiDeps } from '../../api/api.types.js';
import type { FormatHost, FormatRuntime } from '../formats.models.js';
import type { CometWriterState } from './comet.jobs.js';
import { registerCometRoutes } from './comet.routes.js';
import { CometSettingsStore } from './comet.settings.js';
import { CometSources } from './comet.sources.js';
import type { CometParts } from './comet.parts.js';

/** Comet's part of the running service: its settings, whether webhook events came, its webhook input and routes. */
export async function startComet(host: FormatHost): Promise<FormatRuntime> {
  const settings = new CometSettingsStore(host.db, host.jobs, () => host.changed());
  const sources = new CometSources(() => host.changed());
  await settings.load();
  await sources.load(host.db);
  const parts: CometParts = { host, settings, sources };
  return {
    readOptions: () => ({ statusMap: settings.statusMap }),
    writerState: (): CometWriterState => ({ webhooksSeen: sources.webhooksSeen, statusMap: settings.statusMap }),
    overlay: (generic) => settings.overlay(generic),
    reload: async () => {
      await settings.load();
      await sources.load(host.db);
    },
    routes: (api, deps) => registerCometRoutes(api as Api, deps as ApiDeps, parts),
  };
}
