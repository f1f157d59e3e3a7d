import { BUILT_IN_DEFAULTS } from '../../src/modules/alerts/alerts.options.js';
import type { Alerting } from '../../src/modules/alerts/alerts.raise.js';
import { TICKETING_TYPES } from '../../src/modules/channels/channels.registry.js';

/** The outbox's settings for tests that call use cases directly. */
export const testAlerting = (over: Partial<Alerting> = {}): Alerting => ({
  defaults: () => BUILT_IN_DEFAULTS,
  timezone: 'UTC',
  publicUrl: 'http://backwatch.test',
  retryHours: 24,
  ticketingTypes: TICKETING_TYPES,
  media: [],
  queued: () => {},
  ...over,
});
