import type { ChannelContext } from '../alerts/channels/channel.types.js';
import type { LookupItem, LookupQuery, TicketingAdapter, VendorLookup } from './tickets.types.js';

/** A wrong setting, named as the channel's config names it, said in the vendor's words. */
export interface SettingProblem {
  path: string;
  message: string;
}

/** How many of a list's pages validation reads before it gives up telling (a tenant with thousands of companies). */
const MAX_PAGES = 10;

function valueAt(config: Record<string, unknown>, path: string): unknown {
  let value: unknown = config;
  for (const key of path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}

const asIds = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).filter((v) => typeof v === 'string' || typeof v === 'number').map(String).filter((v) => v !== '');

const holds = (item: LookupItem, id: string) => item.id === id || item.also?.includes(id) || item.name.toLowerCase() === id.toLowerCase();

/**
 * Whether the vendor's list holds an id (or, for settings that take names, the name); null when the list
 * could not be read. The pages are read once, as far as a value needs, and shared by every value asked.
 */
function listReader(lookup: VendorLookup, config: unknown, parent: string | null, ctx: ChannelContext) {
  const read: LookupItem[] = [];
  let next: string | null = null;
  let pages = 0;
  let end: 'last' | 'unreadable' | null = null;
  return async (id: string): Promise<boolean | null> => {
    for (;;) {
      if (read.some((item) => holds(item, id))) return true;
      if (end === 'last') return false;
      if (end === 'unreadable' || pages === MAX_PAGES) return null;
      const got = await lookup.list(config, { search: null, page: next, parent }, ctx);
      pages++;
      if (!got.ok) end = 'unreadable';
      else {
        read.push(...got.items);
        next = got.nextPage;
        if (!next) end = 'last';
      }
    }
  };
}

/**
 * Checks the channel's settings against the vendor's lists: the board exists, the status
 * belongs to the board, the priority exists. Answers what is wrong; a list the vendor would
 * not give (down, no permission to list) proves nothing and is passed over.
 */
export async function settingProblems(adapter: TicketingAdapter, config: Record<string, unknown>, ctx: ChannelContext): Promise<SettingProblem[]> {
  const problems: SettingProblem[] = [];
  for (const lookup of Object.values(adapter.lookups ?? {})) {
    const parentValue = lookup.parent ? asIds(valueAt(config, lookup.parent))[0] : undefined;
    // A list that hangs on a choice made elsewhere (a check's board) cannot be checked from the channel alone.
    if (lookup.parent && (!parentValue || problems.some((p) => p.path === lookup.parent))) continue;
    const listed = listReader(lookup, config, parentValue ?? null, ctx);
    for (const path of lookup.config ?? []) {
      for (const id of asIds(valueAt(config, path))) {
        const found = await listed(id);
        if (found === false) problems.push({ path, message: `no ${lookup.noun} "${id}"${parentValue && lookup.parent ? ` for ${lookup.parent} ${parentValue}` : ''}` });
      }
    }
  }
  return problems;
}

/** For a vendor list without a name search of its own: the items whose name holds the search, in any case. */
export function byName<T extends { name: string }>(items: T[], search: string | null): T[] {
  const wanted = search?.trim().toLowerCase();
  return wanted ? items.filter((i) => i.name.toLowerCase().includes(wanted)) : items;
}

/** The page (or offset) a previous answer's `nextPage` named, when the vendor counts them; else `first`. */
export const pageNumber = (q: LookupQuery, first = 1): number => (q.page && /^\d{1,9}$/.test(q.page) ? Number(q.page) : first);
