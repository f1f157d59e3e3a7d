import type { Db } from '../../db/database.js';
import { findUser } from '../accounts/accounts.repository.js';
import { scopeOf } from '../accounts/accounts.scope.js';
import type { UserRow } from '../../db/schema.js';
import type { HttpClient } from '../../shared/http-client.js';
import type { SecretBox } from '../../shared/secrets.js';
import type { AlertView } from '../alerts/alerts.models.js';
import { splitTitle, type TemplateSet } from '../alerts/alerts.templates.js';
import type { PersonalSender, PersonalStep } from '../deliveries/deliveries.worker.js';
import type { MediumAdapter, MediumOutcome, Medium } from './personal.media.types.js';
import { maySee, personalMessage } from './personal.models.js';
import type { PersonalMediaSettings } from './personal.org.js';
import { checkGroupOf, deleteSubscription, findPersonalRow, findSubscription, subscriptionWorked } from './personal.repository.js';
import { defaultSettings, type PersonalSecrets, type PersonalSettings, readyMedia } from './personal.settings.js';

export interface PersonalDeps {
  db: Db;
  box: SecretBox;
  http: HttpClient;
  templates: TemplateSet;
  org: PersonalMediaSettings;
  media: Record<Medium, MediumAdapter>;
}

export interface UserChoices {
  settings: PersonalSettings;
  secrets: PersonalSecrets;
}

type PersonalRow = Awaited<ReturnType<typeof findPersonalRow>>;

/** A user's choices from their stored row (none yet: the defaults), secrets opened. */
export function choicesFrom(box: SecretBox, user: Pick<UserRow, 'username'>, row: PersonalRow): UserChoices {
  if (!row) return { settings: defaultSettings(user.username), secrets: {} };
  return { settings: JSON.parse(row.settings) as PersonalSettings, secrets: row.secrets ? (JSON.parse(box.open(row.secrets)) as PersonalSecrets) : {} };
}

export async function choicesOf(deps: Pick<PersonalDeps, 'db' | 'box'>, user: Pick<UserRow, 'id' | 'username'>): Promise<UserChoices> {
  return choicesFrom(deps.box, user, await findPersonalRow(deps.db, user.id));
}

const refused = (error: string): MediumOutcome => ({ ok: false, retryable: false, error });

/** The user's target on a medium other than push (push goes to each subscription). */
function targetOf(medium: Exclude<Medium, 'push'>, c: UserChoices): unknown {
  if (medium === 'email') return c.settings.email.address ? { address: c.settings.email.address } : null;
  if (medium === 'sms') return c.settings.sms.phone ? { phone: c.settings.sms.phone } : null;
  if (medium === 'pushbullet') return c.secrets.pushbulletToken ? { token: c.secrets.pushbulletToken } : null;
  return c.secrets.pushoverUserKey ? { userKey: c.secrets.pushoverUserKey } : null;
}

/** The organization's side of a medium, or null when an administrator has not set it up. */
function orgOf(deps: PersonalDeps, medium: Medium): unknown {
  return medium === 'push' ? deps.org.vapid() : deps.org.org(medium);
}

/** One message to one target; for push, the subscription with this id. */
export async function sendToMedium(
  deps: PersonalDeps,
  choices: UserChoices,
  medium: Medium,
  view: AlertView,
  idempotencyKey: string,
  subscriptionId: number | null = null,
): Promise<MediumOutcome> {
  const org = orgOf(deps, medium);
  if (!org) return refused(`${medium} is not set up for the organization (Settings › Personal notifications)`);
  let target: unknown;
  if (medium === 'push') {
    const s = subscriptionId === null ? undefined : await findSubscription(deps.db, subscriptionId);
    if (!s) return refused('the browser was removed from push notifications');
    target = { endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } };
  } else {
    target = targetOf(medium, choices);
    if (!target) return refused(`no ${medium} target is set`);
  }
  const message = personalMessage(view, splitTitle(deps.templates.render('personal', view.event, view)));
  return deps.media[medium].send(org, target, message, { http: deps.http, idempotencyKey });
}

/** What happens to a push subscription after a send: a gone one is removed, a working one remembered. */
export function afterPush(subscriptionId: number | null, outcome: MediumOutcome) {
  return async (trx: Db, now: string) => {
    if (subscriptionId === null) return;
    if (outcome.gone) await deleteSubscription(trx, subscriptionId);
    else if (outcome.ok) await subscriptionWorked(trx, subscriptionId, now);
  };
}

/**
 * Sends a queued personal delivery, deciding again at the moment of sending
 * whether it should go: a user who may no longer see the check, or who turned
 * the medium off, gets nothing (the delivery is cancelled, with the reason).
 */
export function personalSender(deps: PersonalDeps): PersonalSender {
  return {
    async send(work): Promise<PersonalStep> {
      const medium = work.medium as Medium;
      const user = await findUser(deps.db, work.userId);
      if (!user) return { outcome: refused('the user was deleted'), cancel: 'the user was deleted' };
      const groupId = work.checkId === null ? null : await checkGroupOf(deps.db, work.checkId);
      if (!maySee(scopeOf(user), groupId)) {
        const reason = `${user.username} may no longer see this check`;
        return { outcome: refused(reason), cancel: reason };
      }
      const choices = await choicesOf(deps, user);
      if (!readyMedia(choices.settings).includes(medium)) {
        const reason = `${user.username} turned ${medium} notifications off`;
        return { outcome: refused(reason), cancel: reason };
      }
      const outcome = await sendToMedium(deps, choices, medium, work.view, work.idempotencyKey, work.subscriptionId);
      return { outcome, after: medium === 'push' ? afterPush(work.subscriptionId, outcome) : undefined };
    },
  };
}
