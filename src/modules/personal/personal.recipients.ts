import type { Db } from '../../db/database.js';
import { scopeOf } from '../accounts/accounts.scope.js';
import type { NotificationOptions } from '../alerts/alerts.options.js';
import type { Medium } from './personal.media.types.js';
import { maySee, quietUntil } from './personal.models.js';
import { checkGroupOf, personalCandidates, subscriptionsOf } from './personal.repository.js';
import { defaultSettings, type PersonalSettings, type PersonalStatus, readyMedia } from './personal.settings.js';

export interface PersonalRecipient {
  userId: number;
  medium: Medium;
  subscriptionId: number | null;
  /** Now, or when the user's quiet hours end. */
  firstAttemptAt: string;
}

/**
 * Who hears of this event on which medium: the users authorized for the check
 * (their group scope), chosen by the check (all, or some), who asked for this
 * status, on each medium they switched on that the organization has set up —
 * for push, each browser they enabled it in. Quiet hours hold a delivery until
 * they end, unless the status breaks through.
 */
export async function personalRecipients(
  db: Db,
  a: { checkId: number; status: PersonalStatus | null; options: NotificationOptions; media: readonly Medium[]; at: string },
): Promise<PersonalRecipient[]> {
  const status = a.status;
  if (!a.options.notifyUsers || !status || !a.media.length) return [];
  const groupId = await checkGroupOf(db, a.checkId);
  const chosen = a.options.userIds;
  const users = (await personalCandidates(db))
    .filter((u) => (chosen === null || chosen.includes(u.id)) && maySee(scopeOf(u), groupId))
    .map((u) => ({ id: u.id, settings: u.settings ? (JSON.parse(u.settings) as PersonalSettings) : defaultSettings(u.username) }))
    .filter((u) => u.settings.statuses.includes(status));
  if (!users.length) return [];
  const pushUsers = users.filter((u) => u.settings.push.enabled).map((u) => u.id);
  const subscriptions = await subscriptionsOf(db, pushUsers);
  const recipients: PersonalRecipient[] = [];
  for (const u of users) {
    const firstAttemptAt = quietUntil(new Date(a.at), u.settings.quietHours, status)?.toISOString() ?? a.at;
    for (const medium of readyMedia(u.settings).filter((m) => a.media.includes(m))) {
      if (medium !== 'push') recipients.push({ userId: u.id, medium, subscriptionId: null, firstAttemptAt });
      else for (const s of subscriptions.filter((s) => s.user_id === u.id)) recipients.push({ userId: u.id, medium, subscriptionId: s.id, firstAttemptAt });
    }
  }
  return recipients;
}
