import type { z } from 'zod';
import type { Db } from '../../db/database.js';
import { AppError } from '../../shared/errors.js';
import type { SecretBox } from '../../shared/secrets.js';
import { maskConfig, openConfig, sealConfig } from '../channels/channels.secrets.js';
import { readSetting, writeSetting } from '../settings/settings.repository.js';
import type { Medium } from './personal.media.types.js';

const KEY = 'personal-media';
const VAPID_KEY = 'vapid';

/** The media an administrator sets up for the organization; push (VAPID) is made at first start; Pushbullet needs nothing but may be pointed elsewhere. */
export const ORG_MEDIA = ['email', 'sms', 'pushover', 'pushbullet'] as const;
export type OrgMedium = (typeof ORG_MEDIA)[number];

type Config = Record<string, unknown>;
type Stored = Partial<Record<OrgMedium, { plain: string; sealed: string | null }>>;

export interface Vapid {
  publicKey: string;
  privateKey: string;
  subject: string;
}

/** What the store needs of each medium: the schema of its organization settings and which keys are secret. */
export interface OrgSchemas {
  email: { org: z.ZodType; orgSecrets: readonly string[] };
  sms: { org: z.ZodType; orgSecrets: readonly string[] };
  pushover: { org: z.ZodType; orgSecrets: readonly string[] };
  pushbullet: { org: z.ZodType; orgSecrets: readonly string[] };
}

function invalid(medium: string, error: z.ZodError): AppError {
  const issues = error.issues.map((i) => ({ path: [medium, ...i.path.map(String)].join('.'), message: i.message }));
  return new AppError('validation_failed', issues.map((i) => `${i.path}: ${i.message}`).join('; '), 400, { issues });
}

/**
 * The organization's side of personal notifications, kept in memory: the mail
 * relay, the SMS provider, the Pushover application and the Web Push keys, their
 * secrets sealed in the database like every channel's.
 */
export class PersonalMediaSettings {
  private stored: Stored = {};
  private vapidKeys: Vapid | null = null;
  /** The same array until the settings change, so the writer's settings are resent only then. */
  private media: Medium[] = ['push'];

  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
    private readonly schemas: OrgSchemas,
    private readonly makeVapid: () => { publicKey: string; privateKey: string },
    private readonly defaultSubject: string,
    /** Told after each change (the other nodes reload). */
    private readonly changed: () => void = () => {},
  ) {}

  /** Reads the settings; the first start makes the VAPID keys (the first node to store them wins). */
  async load(): Promise<void> {
    this.stored = (await readSetting<Stored>(this.db, KEY)) ?? {};
    let vapid = await readSetting<{ publicKey: string; sealed: string; subject: string }>(this.db, VAPID_KEY);
    if (!vapid) {
      const keys = this.makeVapid();
      const made = { publicKey: keys.publicKey, sealed: this.box.seal(keys.privateKey), subject: this.defaultSubject };
      await this.db.insertInto('settings').values({ key: VAPID_KEY, value: JSON.stringify(made) }).onConflict((oc) => oc.column('key').doNothing()).execute();
      vapid = (await readSetting<typeof made>(this.db, VAPID_KEY))!;
    }
    this.vapidKeys = { publicKey: vapid.publicKey, privateKey: this.box.open(vapid.sealed), subject: vapid.subject };
    this.media = [...ORG_MEDIA.filter((m) => this.org(m)), 'push'];
  }

  /** A medium's settings with secrets opened, for sending; null when not set up (Pushbullet: its defaults). */
  org(medium: OrgMedium): Config | null {
    const s = this.stored[medium];
    if (s) return openConfig(s.plain, s.sealed, this.box);
    return medium === 'pushbullet' ? (this.schemas.pushbullet.org.parse({}) as Config) : null;
  }

  vapid(): Vapid {
    if (!this.vapidKeys) throw new Error('personal media settings used before load()');
    return this.vapidKeys;
  }

  /** The media a user can be reached on now. */
  available(): readonly Medium[] {
    return this.media;
  }

  /** As the API shows them: secrets reduced to a hint. */
  present() {
    const shown = (m: OrgMedium) => {
      const config = this.org(m);
      return config && maskConfig(config, this.schemas[m].orgSecrets);
    };
    const vapid = this.vapid();
    return {
      email: shown('email'),
      sms: shown('sms'),
      pushover: shown('pushover'),
      pushbullet: shown('pushbullet'),
      push: { publicKey: vapid.publicKey, subject: vapid.subject },
      available: [...this.available()],
    };
  }

  /** Keys given replace the stored ones; a secret left out is kept; null turns the medium off. */
  async update(patch: Partial<Record<OrgMedium, Config | null>> & { push?: { subject: string } }) {
    const next: Stored = { ...this.stored };
    for (const medium of ORG_MEDIA) {
      const given = patch[medium];
      if (given === undefined) continue;
      if (given === null) {
        delete next[medium];
        continue;
      }
      const merged = Object.fromEntries(Object.entries({ ...(this.org(medium) ?? {}), ...given }).filter(([, v]) => v !== null));
      const parsed = this.schemas[medium].org.safeParse(merged);
      if (!parsed.success) throw invalid(medium, parsed.error);
      const { plain, sealed } = sealConfig(parsed.data as Config, this.schemas[medium].orgSecrets, this.box);
      next[medium] = { plain: JSON.stringify(plain), sealed };
    }
    await writeSetting(this.db, KEY, next);
    if (patch.push) {
      const current = this.vapid();
      await writeSetting(this.db, VAPID_KEY, { publicKey: current.publicKey, sealed: this.box.seal(current.privateKey), subject: patch.push.subject });
    }
    await this.load();
    this.changed();
    return this.present();
  }
}
