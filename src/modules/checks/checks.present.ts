import type { Inbox } from '../evaluation/recipients.models.js';
import { type Check, checkAddress } from './checks.models.js';

/** A check as the API shows it: with its full address and, when overdue, since when. */
export const presentCheck = (check: Check, inbox: Inbox) => ({
  ...check,
  address: checkAddress(inbox, check.alias),
  overdueSince: check.status === 'overdue' ? check.statusSince : null,
});
