import { z } from '@hono/zod-openapi';
import type { Db } from '../../../db/database.js';
import { REPORT_STATUSES } from '../../../shared/status.js';
import { anomalySettingsSchema, type JobSettingsStore, scheduleInferenceSchema } from '../../jobs/jobs.settings.js';
import { readSetting, writeSetting } from '../../settings/settings.repository.js';
import type { FormatSettings } from '../formats.settings.js';
import { globPattern } from '../formats.settings.js';
import { COMET_STATUSES, type CometStatusMap, DEFAULT_COMET_STATUS_MAP } from './comet.models.js';

const KEY = 'comet';

const statusMapSchema = z
  .object(Object.fromEntries(COMET_STATUSES.map((s) => [s, z.enum(REPORT_STATUSES)])) as Record<(typeof COMET_STATUSES)[number], z.ZodEnum<{ success: 'success'; warning: 'warning'; failure: 'failure' }>>)
  .openapi('CometStatusMap', { description: 'Our status for each Comet status.' });

export const cometSettingsSchema = z
  .object({
    autoDiscovery: z
      .object({
        enabled: z.boolean().openapi({ description: 'A Comet report that no check claims creates a check for its protected item (default on).' }),
        senders: z.array(globPattern).max(100).openapi({ description: 'Only reports from these senders (envelope or From) are discovered; empty: any sender.' }),
        usernames: z.array(globPattern).max(100).openapi({ description: 'Only these Comet usernames are discovered; empty: any.' }),
      })
      .openapi('CometAutoDiscovery'),
    groups: z
      .array(
        z
          .object({
            username: globPattern.optional().openapi({ description: 'Comet usernames this rule is for.' }),
            tenant: z.string().trim().min(1).max(200).optional().openapi({ description: "The Comet tenant (a webhook event's OwnerOrganizationID)." }),
            group: z.string().trim().min(1).max(100),
          })
          .refine((g) => g.username !== undefined || g.tenant !== undefined, { message: 'give a username pattern or a tenant', path: ['username'] }),
      )
      .max(1000)
      .openapi({ description: 'The customer group of a discovered check: the first rule that fits; without one, the Comet username.' }),
    statusMap: statusMapSchema,
    schedule: scheduleInferenceSchema.openapi({ description: 'Schedule inference, for every report format (the same as GET /settings/jobs).' }),
    anomalies: anomalySettingsSchema.openapi({ description: 'Anomaly rules, for every report format (the same as GET /settings/jobs).' }),
  })
  .openapi('CometSettings');

export type CometSettings = z.infer<typeof cometSettingsSchema>;

/** What only Comet's settings hold; schedule inference and anomalies are every format's (JobSettingsStore). */
type OwnSettings = Pick<CometSettings, 'autoDiscovery' | 'groups' | 'statusMap'>;

const DEFAULT_OWN: OwnSettings = {
  autoDiscovery: { enabled: true, senders: [], usernames: [] },
  groups: [],
  statusMap: DEFAULT_COMET_STATUS_MAP,
};

/** A change to the settings: each part replaces only the keys it names. */
export const cometSettingsPatchSchema = z
  .object({
    autoDiscovery: cometSettingsSchema.shape.autoDiscovery.partial().optional(),
    groups: cometSettingsSchema.shape.groups.optional(),
    statusMap: statusMapSchema.partial().optional(),
    schedule: scheduleInferenceSchema.partial().optional(),
    anomalies: anomalySettingsSchema.partial().optional(),
  })
  .openapi('CometSettingsPatch');

export type CometSettingsPatch = z.infer<typeof cometSettingsPatchSchema>;

/** The settings without the rules that name customers (senders, usernames, groups): what a user limited to some groups is shown. */
export const cometWithoutCustomerRules = (s: CometSettings): CometSettings => ({ ...s, autoDiscovery: { ...s.autoDiscovery, senders: [], usernames: [] }, groups: [] });

function merged(current: OwnSettings, patch: CometSettingsPatch): OwnSettings {
  return {
    autoDiscovery: { ...current.autoDiscovery, ...patch.autoDiscovery },
    groups: patch.groups ?? current.groups,
    statusMap: { ...current.statusMap, ...patch.statusMap } as CometStatusMap,
  };
}

/** The organization's Comet settings, kept in memory: every Comet report consults them. */
export class CometSettingsStore {
  private own: OwnSettings = DEFAULT_OWN;

  constructor(
    private readonly db: Db,
    private readonly jobs: JobSettingsStore,
    /** Told after each change (the other nodes reload). */
    private readonly changed: () => void = () => {},
  ) {}

  async load(): Promise<void> {
    const stored = await readSetting<CometSettingsPatch>(this.db, KEY);
    this.own = stored ? merged(DEFAULT_OWN, stored) : DEFAULT_OWN;
  }

  get(): CometSettings {
    const { schedule, anomalies } = this.jobs.get();
    return { ...this.own, schedule, anomalies };
  }

  get statusMap(): CometStatusMap {
    return this.own.statusMap;
  }

  async update(patch: CometSettingsPatch): Promise<CometSettings> {
    const { schedule, anomalies, ...own } = patch;
    if (schedule || anomalies) await this.jobs.update({ schedule, anomalies });
    if (Object.keys(own).length) {
      const next = merged(this.own, own);
      await writeSetting(this.db, KEY, next);
      this.own = next;
    }
    this.changed();
    return this.get();
  }

  /** The generic discovery settings as Comet's own say them. */
  overlay(generic: FormatSettings): FormatSettings {
    return withCometDiscovery(generic, this.own);
  }
}

/** Comet's discovery settings in the generic shape: usernames are tenants, an event's OwnerOrganizationID the organization. */
export function withCometDiscovery(generic: FormatSettings, own: Pick<CometSettings, 'autoDiscovery' | 'groups'>): FormatSettings {
  const d = own.autoDiscovery;
  return {
    ...generic,
    autoDiscovery: { enabled: d.enabled, senders: d.senders, tenants: d.usernames },
    groups: own.groups.map((g) => ({
      ...(g.username !== undefined ? { tenant: g.username } : {}),
      ...(g.tenant !== undefined ? { organization: g.tenant } : {}),
      group: g.group,
    })),
  };
}
