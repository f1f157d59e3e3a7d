import type { Db } from '../db/database.js';
import type { Clock } from '../shared/clock.js';
import type { HttpClient } from '../shared/http-client.js';
import type { SecretBox } from '../shared/secrets.js';
import type { TemplateSet } from '../modules/alerts/alerts.templates.js';
import type { AccountNotificationDeps } from '../modules/personal/personal.account.js';
import { mediumAdapters } from '../modules/personal/media/index.js';
import { makeVapidKeys } from '../modules/personal/media/webpush.medium.js';
import { PersonalMediaSettings } from '../modules/personal/personal.org.js';

/** The VAPID contact until an administrator sets one: the console's address when it is https (push services want a way to reach the sender). */
const subjectFor = (publicUrl: string | undefined) => (publicUrl?.startsWith('https://') ? publicUrl : `mailto:backwatch@${publicUrl ? new URL(publicUrl).hostname : 'localhost'}`);

/** Personal notifications' parts: the organization's media (loaded, VAPID keys made on first start) and what the sender and the account routes use. */
export async function startPersonal(deps: {
  db: Db;
  box: SecretBox;
  http: HttpClient;
  templates: TemplateSet;
  clock: Clock;
  consoleOrigin: string | undefined;
  timezone: () => string;
  publicUrl: () => string;
  changed: () => void;
}): Promise<AccountNotificationDeps> {
  const org = new PersonalMediaSettings(deps.db, deps.box, mediumAdapters, makeVapidKeys, subjectFor(deps.consoleOrigin), deps.changed);
  await org.load();
  return { db: deps.db, box: deps.box, http: deps.http, templates: deps.templates, clock: deps.clock, org, media: mediumAdapters, timezone: deps.timezone, publicUrl: deps.publicUrl };
}
