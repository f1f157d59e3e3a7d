import { z } from '@hono/zod-openapi';
import type { Db } from '../../db/database.js';
import { readSetting, writeSetting } from '../settings/settings.repository.js';
import { type AnomalySettings, DEFAULT_ANOMALY_SETTINGS } from './comet.anomalies.js';
import { COMET_STATUSES, type CometStatusMap, DEFAULT_COMET_STATUS_MAP } from './comet.models.js';
import { REPORT_STATUSES } from '../../shared/status.js';

const KEY = 'comet';

const pattern = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .openapi({ description: 'A pattern with `*` (any text) and `?` (one character), case-insensitive: `acme-*`, `*@backup.acme.example`.' });

const percent = z.number().min(1).max(100).nullable();

export const anomalySettingsSchema = z
  .object({
    sizeDropPercent: percent.openapi({ description: 'Warn when the total size falls by more than this % against the median (null: off).' }),
    filesDropPercent: percent.openapi({ description: 'Warn when the file count falls by more than this % against the median (null: off).' }),
    durationFactor: z.number().min(1.1).max(1000).nullable().openapi({ description: 'Warn when a job takes more than this × the median duration (null: off).' }),
    noUploadJobs: z.number().int().min(1).max(1000).nullable().openapi({ description: 'Warn when no bytes were uploaded for this many jobs in a row (null: off, the default).' }),
    history: z.number().int().min(1).max(100).openapi({ description: 'How many previous jobs a median is taken over.' }),
    minHistory: z.number().int().min(1).max(100).openapi({ description: 'Fewer previous jobs than this: the median rules say nothing yet.' }),
  })
  .openapi('AnomalySettings');

/** A group's or a check's own anomaly settings: a field set to null turns the rule off, a field left out follows the level above. */
export const anomalyOverridesSchema = anomalySettingsSchema.partial().openapi('AnomalyOverrides');

const statusMapSchema = z
  .object(Object.fromEntries(COMET_STATUSES.map((s) => [s, z.enum(REPORT_STATUSES)])) as Record<(typeof COMET_STATUSES)[number], z.ZodEnum<{ success: 'success'; warning: 'warning'; failure: 'failure' }>>)
  .openapi('CometStatusMap', { description: 'Our status for each Comet status.' });

export const cometSettingsSchema = z
  .object({
    autoDiscovery: z
      .object({
        enabled: z.boolean().openapi({ description: 'A Comet report that no check claims creates a check for its protected item (default on).' }),
        senders: z.array(pattern).max(100).openapi({ description: 'Only reports from these senders (envelope or From) are discovered; empty: any sender.' }),
        usernames: z.array(pattern).max(100).openapi({ description: 'Only these Comet usernames are discovered; empty: any.' }),
      })
      .openapi('CometAutoDiscovery'),
    groups: z
      .array(
        z
          .object({
            username: pattern.optional().openapi({ description: 'Comet usernames this rule is for.' }),
            tenant: z.string().trim().min(1).max(200).optional().openapi({ description: "The Comet tenant (a webhook event's OwnerOrganizationID)." }),
            group: z.string().trim().min(1).max(100),
          })
          .refine((g) => g.username !== undefined || g.tenant !== undefined, { message: 'give a username pattern or a tenant', path: ['username'] }),
      )
      .max(1000)
      .openapi({ description: 'The customer group of a discovered check: the first rule that fits; without one, the Comet username.' }),
    statusMap: statusMapSchema,
    schedule: z
      .object({
        suggestAfter: z.number().int().min(2).max(100).openapi({ description: 'Suggest a schedule once this many reports have arrived (default 3).' }),
        applyAfter: z.number().int().min(2).max(1000).nullable().openapi({ description: 'Apply the suggestion to an unscheduled discovered check after this many reports (default 5; null: only suggest).' }),
      })
      .openapi('CometScheduleInference'),
    anomalies: anomalySettingsSchema,
  })
  .openapi('CometSettings');

export type CometSettings = z.infer<typeof cometSettingsSchema>;

export const DEFAULT_COMET_SETTINGS: CometSettings = {
  autoDiscovery: { enabled: true, senders: [], usernames: [] },
  groups: [],
  statusMap: DEFAULT_COMET_STATUS_MAP,
  schedule: { suggestAfter: 3, applyAfter: 5 },
  anomalies: DEFAULT_ANOMALY_SETTINGS,
};

/** A change to the settings: each part replaces only the keys it names. */
export const cometSettingsPatchSchema = z
  .object({
    autoDiscovery: cometSettingsSchema.shape.autoDiscovery.partial().optional(),
    groups: cometSettingsSchema.shape.groups.optional(),
    statusMap: statusMapSchema.partial().optional(),
    schedule: cometSettingsSchema.shape.schedule.partial().optional(),
    anomalies: anomalySettingsSchema.partial().optional(),
  })
  .openapi('CometSettingsPatch');

export type CometSettingsPatch = z.infer<typeof cometSettingsPatchSchema>;

function merged(current: CometSettings, patch: CometSettingsPatch): CometSettings {
  return {
    autoDiscovery: { ...current.autoDiscovery, ...patch.autoDiscovery },
    groups: patch.groups ?? current.groups,
    statusMap: { ...current.statusMap, ...patch.statusMap } as CometStatusMap,
    schedule: { ...current.schedule, ...patch.schedule },
    anomalies: { ...current.anomalies, ...patch.anomalies } as AnomalySettings,
  };
}

/** The organization's Comet settings, kept in memory: every Comet report consults them. */
export class CometSettingsStore {
  private current: CometSettings = DEFAULT_COMET_SETTINGS;

  constructor(
    private readonly db: Db,
    /** Told after each change (the other nodes reload). */
    private readonly changed: () => void = () => {},
  ) {}

  async load(): Promise<void> {
    const stored = await readSetting<CometSettingsPatch>(this.db, KEY);
    this.current = stored ? merged(DEFAULT_COMET_SETTINGS, stored) : DEFAULT_COMET_SETTINGS;
  }

  get(): CometSettings {
    return this.current;
  }

  async update(patch: CometSettingsPatch): Promise<CometSettings> {
    const next = merged(this.current, patch);
    await writeSetting(this.db, KEY, next);
    this.current = next;
    this.changed();
    return next;
  }
}
