/** A ticketing channel's vendor lists (GET /channels/{id}/lookups): which settings and ticket fields each fills. */
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { useSession } from '../session.js';

/** A channel as GET /channels lists it. */
export interface ChannelRow {
  id: number;
  type: string;
  name: string;
  /** Its settings without the secrets. */
  config?: Record<string, unknown>;
}

export interface ListKind {
  kind: string;
  /** What one item is called, in the vendor's words ("service board"). */
  noun: string;
  /** Channel settings it fills, dotted for grouped ones (priorities.high). */
  config: string[];
  /** Per-customer ticket fields it fills. */
  fields: string[];
  /** The setting or field whose value the list needs (a board's statuses). */
  parent: string | null;
}

export interface ListItem {
  id: string;
  name: string;
}

export interface ListPage {
  noun: string;
  items: ListItem[];
  nextPage: string | null;
}

// A type's lists do not change while the page is open; a channel is asked once.
const kindsOf = new Map<number, Promise<ListKind[]>>();

export function channelLists(channelId: number): Promise<ListKind[]> {
  let found = kindsOf.get(channelId);
  if (!found) {
    found = api<{ lookups: ListKind[] }>('GET', `/channels/${channelId}/lookups`).then(
      (r) => r.lookups,
      () => [],
    );
    kindsOf.set(channelId, found);
  }
  return found;
}

/** The lists of each channel given (administrators only: a viewer gets none). */
export function useChannelLists(channelIds: number[]): Map<number, ListKind[]> {
  const { isAdmin } = useSession();
  const [lists, setLists] = useState<Map<number, ListKind[]>>(new Map());
  const key = channelIds.join(',');
  useEffect(() => {
    if (!isAdmin || !channelIds.length) return setLists(new Map());
    let live = true;
    void Promise.all(channelIds.map(async (id) => [id, await channelLists(id)] as const)).then((found) => live && setLists(new Map(found.filter(([, l]) => l.length))));
    return () => {
      live = false;
    };
  }, [key, isAdmin]);
  return lists;
}

export function listPage(channelId: number, kind: string, q: { search: string; page: string | null; parent: string | null }): Promise<ListPage> {
  const params = new URLSearchParams();
  if (q.search.trim()) params.set('search', q.search.trim());
  if (q.page) params.set('page', q.page);
  if (q.parent) params.set('parent', q.parent);
  const query = params.toString();
  return api<ListPage>('GET', `/channels/${channelId}/lookups/${encodeURIComponent(kind)}${query ? `?${query}` : ''}`);
}
