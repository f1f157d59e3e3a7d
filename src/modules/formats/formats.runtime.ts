import type { Db } from '../../db/database.js';
import type { JobSettingsStore } from '../jobs/jobs.settings.js';
import type { FormatRuntime, FormatStarter, ReadContext, ReportFormat } from './formats.models.js';
import { FORMATS, formatById } from './formats.registry.js';
import { defaultFormatSettings, type FormatSettings, type FormatSettingsPatch, FormatSettingsStore } from './formats.settings.js';

/**
 * The report formats as the running service has them: each one's settings,
 * and the runtime of those that have more to them than reading mail (Comet's
 * settings, webhook and routes).
 */
export class Formats {
  private readonly store: FormatSettingsStore;
  private readonly runtimes = new Map<string, FormatRuntime>();
  /** What the writer is given, made again only after a change (it compares by reference). */
  private cached: { formats: Record<string, FormatSettings>; formatState: Record<string, unknown> } | null = null;
  private readonly effective = new Map<string, FormatSettings>();

  constructor(
    private readonly deps: { db: Db; jobs: JobSettingsStore; timezone: () => string; runtimes: Readonly<Record<string, FormatStarter>> },
    private readonly changed: () => void = () => {},
  ) {
    this.store = new FormatSettingsStore(deps.db, (id) => defaultFormatSettings(formatById(id) ?? {}), () => this.touched());
  }

  private touched() {
    this.cached = null;
    this.effective.clear();
    this.changed();
  }

  async start(): Promise<void> {
    await this.store.load();
    for (const format of FORMATS) {
      const host = { db: this.deps.db, jobs: this.deps.jobs, changed: () => this.touched(), settings: () => this.settings(format.id) };
      const start = this.deps.runtimes[format.id];
      if (start) this.runtimes.set(format.id, await start(host));
    }
  }

  async reload(): Promise<void> {
    await this.store.load();
    for (const runtime of this.runtimes.values()) await runtime.reload?.();
    this.cached = null;
    this.effective.clear();
  }

  runtime(id: string): FormatRuntime | undefined {
    return this.runtimes.get(id);
  }

  settings(id: string): FormatSettings {
    let settings = this.effective.get(id);
    if (!settings) {
      const stored = this.store.get(id);
      this.effective.set(id, (settings = this.runtimes.get(id)?.overlay?.(stored) ?? stored));
    }
    return settings;
  }

  async update(id: string, patch: FormatSettingsPatch): Promise<FormatSettings> {
    await this.store.update(id, patch);
    return this.settings(id);
  }

  /** How a format reads a report now; null when the organization turned it off. */
  readContext(format: ReportFormat, receivedAt: string): ReadContext | null {
    const settings = this.settings(format.id);
    if (!settings.enabled) return null;
    const own = this.runtimes.get(format.id)?.readOptions?.();
    return { timezone: this.deps.timezone(), receivedAt, options: own ? { ...settings.options, ...own } : settings.options };
  }

  /** What the writer needs of the formats, as plain data. */
  writerSettings(): { formats: Record<string, FormatSettings>; formatState: Record<string, unknown> } {
    if (!this.cached) {
      this.cached = {
        formats: Object.fromEntries(FORMATS.map((f) => [f.id, this.settings(f.id)])),
        formatState: Object.fromEntries([...this.runtimes].map(([id, r]) => [id, r.writerState?.() ?? null])),
      };
    }
    return this.cached;
  }

  /** Registers each format's own routes. */
  routes(api: unknown, deps: unknown): void {
    for (const runtime of this.runtimes.values()) runtime.routes?.(api, deps);
  }
}

/** What the writer is given of the formats before anyone changed their settings (tools and tests without a service). */
export function defaultFormatWriterSettings(): { formats: Record<string, FormatSettings>; formatState: Record<string, unknown> } {
  return { formats: Object.fromEntries(FORMATS.map((f) => [f.id, defaultFormatSettings(f)])), formatState: {} };
}
