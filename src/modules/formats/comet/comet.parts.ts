import type { FormatHost } from '../formats.models.js';
import type { CometSettingsStore } from './comet.settings.js';
import type { CometSources } from './comet.sources.js';

/** What Comet's routes work with beyond the API's dependencies. */
export interface CometParts {
  host: FormatHost;
  settings: CometSettingsStore;
  sources: CometSources;
}
