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
import type { ReadContext, ReportFormat } from '../formats/formats.models.js';
import type { Formats } from '../formats/formats.runtime.js';
import type { JobSettingsStore } from '../jobs/jobs.settings.js';
import type { CommitQueue } from '../../db/commit-queue.js';
import type { AccountNotificationDeps } from '../personal/personal.account.js';

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
  /** Checks ingestion made or changed (discovery): the catalog sees them within a second. */
  checksChangedByIngest: () => void;
  /** The report formats: their settings and runtimes. */
  formats: Formats;
  /** How a format reads a report now (null: turned off). */
  readContext: (format: ReportFormat, receivedAt: string) => ReadContext | null;
  /** The organization's job settings: schedule inference, anomalies, RPO. */
  jobSettings: JobSettingsStore;
  /** Group commit, shared with SMTP ingestion (Comet webhook events are ingested through it too). */
  commits: CommitQueue;
  /** Personal notifications: each user's media, and the organization's side of them. */
  personal: AccountNotificationDeps;
  maxMessageBytes: number;
  version: string;
}

export type Api = OpenAPIHono<{ Variables: AuthVariables }>;
