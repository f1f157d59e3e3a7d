/** A discovered check's description line while its device or item is known only by webhook identifiers. */
export const IDENTIFIERS_NOTE = 'Known so far by the identifiers in Comet webhook events; the names follow from the first email report of this item.';

/** The name Comet discovery gives a protected item's check: `username: item`. */
export const discoveredName = (username: string | null, protectedItem: string | null) => `${username}: ${protectedItem}`.slice(0, 200);

/** A protected item's backups, named in full; restores and retention passes of it are kept as jobs but make no checks. */
export const cometKeyParts = (job: { tenant: string | null; device: string | null; item: string | null; type: string | null }) =>
  job.tenant && job.device && job.item && job.type === 'Backup' ? [job.tenant, job.device, job.item] : null;
