import { z } from '@hono/zod-openapi';
import type { Db } from '../../db/database.js';
import { readSetting, writeSetting } from '../settings/settings.repository.js';
import { type AnomalyOverrides, type AnomalySettings, DEFAULT_ANOMALY_SETTINGS } from './jobs.anomalies.js';

const KEY = 'jobs';
/** Where these settings lived while only Comet reports became jobs. */
const EARLIER_KEY = 'comet';

const percent = z.number().min(1).max(100).nullable();

export const anomalySettingsSchema = z
  .object({
    sizeDropPercent: percent.openapi({ description: 'Warn when the total size falls by more than this % against the median (null: off).' }),
    filesDropPercent: percent.openapi({ description: 'Warn when the file count falls by more than this % against the median (null: off).' }),
    durationFactor: z.number().min(1.1).max(1000).nullable().openapi({ description: 'Warn when a job takes more than this × the median duration (null: off).' }),
    noUploadJobs: z.number().int().min(1).max(1000).nullable().openapi({ description: 'Warn when no bytes were uploaded for this many jobs in a row (null: off, the default).' }),
    history: z.number().int().min(1).max(100).openapi({ description: 'How many previous jobs a median is taken over.' }),
    minHistory: z.number().int().min(1).max(100).openapi({ description: 'Fewer previous jobs than this: the median rules say nothing yet.' }),
    zeroData: z.boolean().openapi({ description: 'Warn when a successful job protected 0 bytes or 0 objects (default on).' }),
  })
  .openapi('AnomalySettings');

/** A group's or a check's own anomaly settings: a field set to null turns the rule off, a field left out follows the level above. */
export const anomalyOverridesSchema = anomalySettingsSchema.partial().openapi('AnomalyOverrides');

export const rpoDaysSchema = z
  .number()
  .min(0.25)
  .max(3650)
  .nullable()
  .openapi({ description: 'Warn when the last successful job is older than this many days, even while failures keep arriving (null: off).' });

export const scheduleInferenceSchema = z
  .object({
    suggestAfter: z.number().int().min(2).max(100).openapi({ description: 'Suggest a schedule once this many reports have arrived (default 3).' }),
    applyAfter: z.number().int().min(2).max(1000).nullable().openapi({ description: 'Apply the suggestion to an unscheduled discovered check after this many reports (default 5; null: only suggest).' }),
  })
  .openapi('ScheduleInference');

/** What every report format's jobs are judged by, organization-wide. */
export const jobSettingsSchema = z
  .object({
    schedule: scheduleInferenceSchema,
    anomalies: anomalySettingsSchema,
    rpoDays: rpoDaysSchema,
  })
  .openapi('JobSettings');

export type JobSettings = z.infer<typeof jobSettingsSchema>;

export const jobSettingsPatchSchema = z
  .object({
    schedule: scheduleInferenceSchema.partial().optional(),
    anomalies: anomalySettingsSchema.partial().optional(),
    rpoDays: rpoDaysSchema.optional(),
  })
  .openapi('JobSettingsPatch');

export type JobSettingsPatch = z.infer<typeof jobSettingsPatchSchema>;

/** A group's or a check's own: anomaly rules, and the RPO (absent: as the level above). */
export type JobSettingsOverrides = AnomalyOverrides & { rpoDays?: number };

/** A group's or check's job settings as the API has them: anomaly overrides, and its own RPO or null. */
export interface OwnJobSettings {
  anomalies: AnomalyOverrides;
  rpoDays: number | null;
}

/** As stored (`job_settings`): the RPO kept only when the level has its own. */
export const packJobSettings = (s: { anomalies: AnomalyOverrides; rpoDays?: number | null }): string =>
  JSON.stringify({ ...s.anomalies, ...(typeof s.rpoDays === 'number' ? { rpoDays: s.rpoDays } : {}) } satisfies JobSettingsOverrides);

export function unpackJobSettings(stored: string): OwnJobSettings {
  const { rpoDays, ...anomalies } = JSON.parse(stored) as JobSettingsOverrides;
  return { anomalies, rpoDays: rpoDays ?? null };
}

/** A PATCH of them: anomalies replace the level's own when given, the RPO when given (null: back to the level above). */
export const patchedJobSettings = (current: OwnJobSettings, patch: { anomalies?: AnomalyOverrides; rpoDays?: number | null }): string | undefined =>
  patch.anomalies === undefined && patch.rpoDays === undefined
    ? undefined
    : packJobSettings({ anomalies: patch.anomalies ?? current.anomalies, rpoDays: patch.rpoDays === undefined ? current.rpoDays : patch.rpoDays });

export const DEFAULT_JOB_SETTINGS: JobSettings = {
  schedule: { suggestAfter: 3, applyAfter: 5 },
  anomalies: DEFAULT_ANOMALY_SETTINGS,
  rpoDays: null,
};

function merged(current: JobSettings, patch: JobSettingsPatch): JobSettings {
  return {
    schedule: { ...current.schedule, ...patch.schedule },
    anomalies: { ...current.anomalies, ...patch.anomalies } as AnomalySettings,
    rpoDays: patch.rpoDays === undefined ? current.rpoDays : patch.rpoDays,
  };
}

/** The organization's job settings, kept in memory: every report with a job consults them. */
export class JobSettingsStore {
  private current: JobSettings = DEFAULT_JOB_SETTINGS;

  constructor(
    private readonly db: Db,
    /** Told after each change (the other nodes reload). */
    private readonly changed: () => void = () => {},
  ) {}

  async load(): Promise<void> {
    const stored = await readSetting<JobSettingsPatch>(this.db, KEY);
    if (stored) {
      this.current = merged(DEFAULT_JOB_SETTINGS, stored);
      return;
    }
    // Settings made before every format had jobs move here once, before Comet's own settings are written without them.
    const earlier = await readSetting<JobSettingsPatch>(this.db, EARLIER_KEY);
    this.current = earlier ? merged(DEFAULT_JOB_SETTINGS, { schedule: earlier.schedule, anomalies: earlier.anomalies }) : DEFAULT_JOB_SETTINGS;
    if (earlier?.schedule || earlier?.anomalies) await writeSetting(this.db, KEY, this.current);
  }

  get(): JobSettings {
    return this.current;
  }

  async update(patch: JobSettingsPatch): Promise<JobSettings> {
    const next = merged(this.current, patch);
    await writeSetting(this.db, KEY, next);
    this.current = next;
    this.changed();
    return next;
  }
}
