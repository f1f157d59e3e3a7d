import { z } from '@hono/zod-openapi';
import type { Db } from '../../db/database.js';
import { readSetting, writeSetting } from '../settings/settings.repository.js';

const KEY = 'formats';

export const globPattern = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .openapi({ description: 'A pattern with `*` (any text) and `?` (one character), case-insensitive: `acme-*`, `*@backup.acme.example`.' });

const groupRule = z
  .object({
    tenant: globPattern.optional().openapi({ description: 'Tenants (accounts, organizations) this rule is for.' }),
    device: globPattern.optional().openapi({ description: 'Devices (hosts, machines) this rule is for.' }),
    organization: z.string().trim().min(1).max(200).optional().openapi({ description: 'The organization above the tenant, where the product names one (Comet: OwnerOrganizationID).' }),
    group: z.string().trim().min(1).max(100),
  })
  .refine((g) => g.tenant !== undefined || g.device !== undefined || g.organization !== undefined, { message: 'give a tenant, device or organization', path: ['tenant'] });

/** One report format's settings: whether it reads reports at all, and how it discovers checks. */
export const formatSettingsSchema = z
  .object({
    enabled: z.boolean().openapi({ description: 'Read this product\'s reports into jobs (default on). Off: its mail is treated as any mail, by the checks\' rules alone.' }),
    autoDiscovery: z
      .object({
        enabled: z.boolean().openapi({ description: 'A report no check claims creates a check for its job (default on).' }),
        senders: z.array(globPattern).max(100).openapi({ description: 'Only reports from these senders (envelope or From) are discovered; empty: any sender.' }),
        tenants: z.array(globPattern).max(100).openapi({ description: 'Only these tenants are discovered; empty: any.' }),
      })
      .openapi('FormatAutoDiscovery'),
    groups: z.array(groupRule).max(1000).openapi({ description: 'The group of a discovered check: the first rule that fits; without one, the tenant, else the device.' }),
    options: z.record(z.string(), z.boolean()).openapi({ description: "The format's own switches (GET /formats lists them)." }),
  })
  .openapi('FormatSettings');

export type FormatSettings = z.infer<typeof formatSettingsSchema>;

export const formatSettingsPatchSchema = z
  .object({
    enabled: z.boolean().optional(),
    autoDiscovery: formatSettingsSchema.shape.autoDiscovery.partial().optional(),
    groups: formatSettingsSchema.shape.groups.optional(),
    options: formatSettingsSchema.shape.options.optional(),
  })
  .openapi('FormatSettingsPatch');

export type FormatSettingsPatch = z.infer<typeof formatSettingsPatchSchema>;

export function mergeFormatSettings(current: FormatSettings, patch: FormatSettingsPatch): FormatSettings {
  return {
    enabled: patch.enabled ?? current.enabled,
    autoDiscovery: { ...current.autoDiscovery, ...patch.autoDiscovery },
    groups: patch.groups ?? current.groups,
    options: { ...current.options, ...patch.options },
  };
}

/** The settings without the rules that name customers (tenants, senders, groups): what a user limited to some groups is shown. */
export const withoutCustomerRules = (s: FormatSettings): FormatSettings => ({ ...s, autoDiscovery: { ...s.autoDiscovery, senders: [], tenants: [] }, groups: [] });

export function defaultFormatSettings(format: { options?: readonly { name: string; default: boolean }[]; defaults?: { discovery?: boolean } }): FormatSettings {
  return {
    enabled: true,
    autoDiscovery: { enabled: format.defaults?.discovery ?? true, senders: [], tenants: [] },
    groups: [],
    options: Object.fromEntries((format.options ?? []).map((o) => [o.name, o.default])),
  };
}

/**
 * Every format's settings, kept in memory (every report consults them) and
 * stored as the changes from each format's defaults.
 */
export class FormatSettingsStore {
  private stored: Record<string, FormatSettingsPatch> = {};
  private current = new Map<string, FormatSettings>();

  constructor(
    private readonly db: Db,
    private readonly defaults: (id: string) => FormatSettings,
    private readonly changed: () => void = () => {},
  ) {}

  async load(): Promise<void> {
    this.stored = (await readSetting<Record<string, FormatSettingsPatch>>(this.db, KEY)) ?? {};
    this.current.clear();
  }

  get(id: string): FormatSettings {
    let settings = this.current.get(id);
    if (!settings) this.current.set(id, (settings = mergeFormatSettings(this.defaults(id), this.stored[id] ?? {})));
    return settings;
  }

  async update(id: string, patch: FormatSettingsPatch): Promise<FormatSettings> {
    const next = mergeFormatSettings(this.get(id), patch);
    this.stored = { ...this.stored, [id]: next };
    await writeSetting(this.db, KEY, this.stored);
    this.current.set(id, next);
    this.changed();
    return next;
  }
}
