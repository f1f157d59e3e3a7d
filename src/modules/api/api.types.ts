import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { CheckCatalog } from '../evaluation/evaluation.catalog.js';
import type { Inbox } from '../evaluation/recipients.models.js';
import type { Alerting } from '../alerts/alerts.raise.js';
import type { ChannelDeps } from '../channels/channels.usecases.js';
import type { LiveEvents } from '../../shared/events.js';
import type { AboutInfo } from '../about/about.models.js';
import type { OrganizationSettingsStore } from '../settings/console-settings.js';
import type { NotificationDefaults } from '../settings/notification-defaults.js';
import type { AccountDeps } from '../accounts/accounts.users.js';
import type { AuthVariables } from '../sessions/sessions.http.js';
import type { CometSettingsStore } from '../comet/comet.settings.js';
import type { CometSources } from '../comet/comet.sources.js';
import type { CommitQueue } from '../../db/commit-queue.js';

export interface ApiDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  inbox: Inbox;
  catalog: CheckCatalog;
  timezone: string;
  alerting: Alerting;
  channels: ChannelDeps;
  notificationDefaults: NotificationDefaults;
  organization: OrganizationSettingsStore;
  live: LiveEvents;
  /** Users, sessions and their second factors. */
  accounts: AccountDeps;
  about: () => Promise<AboutInfo>;
  deliveries: { wake(): void; retryHours: number };
  checksChanged: () => void;
  /** Checks ingestion made or changed (Comet discovery): the catalog sees them within a second. */
  checksChangedByIngest: () => void;
  /** The organization's Comet settings. */
  comet: CometSettingsStore;
  cometSources: CometSources;
  /** Group commit, shared with SMTP ingestion (Comet webhook events are ingested through it too). */
  commits: CommitQueue;
  maxMessageBytes: number;
  version: string;
}

export type Api = OpenAPIHono<{ Variables: AuthVariables }>;
