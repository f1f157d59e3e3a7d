import { z } from '@hono/zod-openapi';
import { IANAZone } from 'luxon';
import type { Db } from '../../db/database.js';
import { readSetting, writeSetting } from './settings.repository.js';

const KEY = 'organization';

export const organizationSettingsSchema = z
  .object({
    timezone: z
      .string()
      .refine((tz) => IANAZone.isValidZone(tz), 'not an IANA time zone')
      .openapi({ description: 'The organization\'s time zone: schedules that name none, and times in alerts.' }),
    sessionTimeoutMinutes: z.number().int().min(5).max(24 * 60).openapi({ description: 'Console sessions end after this long without activity (default 30).' }),
    retentionDays: z.number().int().min(1).max(3650).nullable().openapi({ description: 'Messages older than this are deleted (their activities stay); null keeps them all.' }),
  })
  .openapi('OrganizationSettings');

export type OrganizationSettings = z.infer<typeof organizationSettingsSchema>;

/**
 * Settings an administrator changes in the console, kept in memory: every
 * request (session timeout) and status change (time zone) consults them.
 * The time zone starts as BACKWATCH_TIMEZONE until someone changes it.
 */
export class OrganizationSettingsStore {
  private current: OrganizationSettings;

  constructor(
    private readonly db: Db,
    defaults: { timezone: string },
    /** Told after each change (the other nodes reload). */
    private readonly changed: () => void = () => {},
  ) {
    this.current = { timezone: defaults.timezone, sessionTimeoutMinutes: 30, retentionDays: null };
  }

  async load(): Promise<void> {
    this.current = { ...this.current, ...((await readSetting<Partial<OrganizationSettings>>(this.db, KEY)) ?? {}) };
  }

  get(): OrganizationSettings {
    return this.current;
  }

  async update(patch: Partial<OrganizationSettings>): Promise<OrganizationSettings> {
    this.current = { ...this.current, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
    await writeSetting(this.db, KEY, this.current);
    this.changed();
    return this.current;
  }
}
