import type { Db } from '../../db/database.js';
import { BUILT_IN_DEFAULTS, effectiveOptions, type NotificationOptions, type NotificationOverrides } from '../alerts/alerts.options.js';
import { readSetting, writeSetting } from './settings.repository.js';

const KEY = 'notifications';

/**
 * The organization's notification defaults, kept in memory: every status
 * change consults them, and they change only through this object.
 */
export class NotificationDefaults {
  private current: NotificationOptions = BUILT_IN_DEFAULTS;

  constructor(
    private readonly db: Db,
    /** Told after each change (the other nodes reload). */
    private readonly changed: () => void = () => {},
  ) {}

  async load(): Promise<void> {
    this.current = effectiveOptions(BUILT_IN_DEFAULTS, (await readSetting<NotificationOverrides>(this.db, KEY)) ?? {});
  }

  get(): NotificationOptions {
    return this.current;
  }

  /** Keys given replace the current defaults; null restores the built-in one. */
  async update(patch: NotificationOverrides): Promise<NotificationOptions> {
    const stored = (await readSetting<NotificationOverrides>(this.db, KEY)) ?? {};
    const next = Object.fromEntries(Object.entries({ ...stored, ...patch }).filter(([, v]) => v !== null && v !== undefined));
    await writeSetting(this.db, KEY, next);
    this.current = effectiveOptions(BUILT_IN_DEFAULTS, next);
    this.changed();
    return this.current;
  }
}
