import { effectiveOptions, type NotificationOptions } from '../alerts/alerts.options.js';
import type { Inbox } from '../evaluation/recipients.models.js';
import { type Check, checkAddress } from './checks.models.js';

/** A check as the API shows it: with its full address, since when it is overdue, and the notification options in force. */
export const presentCheck = (check: Check, inbox: Inbox, defaults: NotificationOptions) => ({
  ...check,
  address: checkAddress(inbox, check.alias),
  overdueSince: check.status === 'overdue' ? check.statusSince : null,
  notifications: {
    ...effectiveOptions(defaults, check.notifications.overrides),
    channelIds: check.notifications.channelIds,
    groupChannelIds: check.notifications.groupChannelIds,
    inherited: Object.keys(defaults).filter((k) => check.notifications.overrides[k as keyof NotificationOptions] == null),
  },
});
