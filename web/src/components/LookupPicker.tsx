/** "Choose…" beside a setting: the vendor's list, searched and paged as the vendor pages, one item picked into the input. */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { type ListItem, type ListKind, listPage } from './VendorLists.js';

interface Props {
  channelId: number;
  list: ListKind;
  onPick: (item: ListItem) => void;
  /** Tells this picker from others of the same list ("for High (failure, overdue)", "from Acme GitLab"). */
  context?: string;
  /** What the list needs chosen first: its current value (empty: not chosen yet) and what it is called. */
  parent?: { value: string; noun: string };
  /** The button's text, where "Choose…" would not say which list (several channels offer it). */
  text?: string;
}

const SEARCH_DELAY_MS = 300;

export function LookupPicker({ channelId, list, onPick, context, parent, text = 'Choose…' }: Props) {
  const [open, setOpen] = useState(false);
  const [needsParent, setNeedsParent] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const name = `Choose ${list.noun}${context ? ` ${context}` : ''}`;
  const parentMissing = list.parent !== null && !parent?.value.trim();

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  return (
    <span class="lookup-picker">
      <button
        type="button"
        ref={button}
        aria-label={name}
        aria-expanded={open}
        aria-haspopup="dialog"
        onClick={() => {
          setNeedsParent(parentMissing);
          if (!parentMissing) setOpen(!open);
        }}
      >
        {text}
      </button>
      {needsParent && parentMissing && (
        <span class="hint" role="status">
          Choose a {parent?.noun ?? list.parent} first.
        </span>
      )}
      {open && (
        <LookupList
          channelId={channelId}
          list={list}
          label={name}
          parent={parent?.value.trim() || null}
          onClose={close}
          onPick={(item) => {
            onPick(item);
            close();
          }}
        />
      )}
    </span>
  );
}

function LookupList({ channelId, list, label, parent, onPick, onClose }: { channelId: number; list: ListKind; label: string; parent: string | null; onPick: (item: ListItem) => void; onClose: () => void }) {
  const id = useId();
  const [search, setSearch] = useState('');
  const [items, setItems] = useState<ListItem[]>([]);
  const [nextPage, setNextPage] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState('');
  const [active, setActive] = useState(0);
  const asked = useRef(0);
  const root = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  const load = async (page: string | null) => {
    const n = ++asked.current;
    setLoading(true);
    setError('');
    try {
      const found = await listPage(channelId, list.kind, { search, page, parent });
      if (n !== asked.current) return;
      setItems((prev) => (page ? [...prev, ...found.items] : found.items));
      setNextPage(found.nextPage);
      if (!page) setActive(0);
      // "More" goes with the last page; focus stays in the list rather than falling to the page.
      else if (!found.nextPage) input.current?.focus();
    } catch (e) {
      if (n === asked.current) setError(e instanceof Error ? e.message : String(e));
    } finally {
      if (n === asked.current) setLoading(false);
    }
  };

  // A search is asked once typing pauses; the first page at once.
  const first = useRef(true);
  useEffect(() => {
    const wait = first.current ? 0 : SEARCH_DELAY_MS;
    first.current = false;
    const timer = setTimeout(() => void load(null), wait);
    return () => clearTimeout(timer);
  }, [search]);

  useEffect(() => {
    const outside = (e: MouseEvent) => {
      if (root.current && !root.current.parentElement?.contains(e.target as Node)) onClose();
    };
    document.addEventListener('mousedown', outside);
    return () => document.removeEventListener('mousedown', outside);
  }, []);

  const keyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onClose();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(0, Math.min(items.length - 1, a + (e.key === 'ArrowDown' ? 1 : -1))));
    } else if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'INPUT') {
      e.preventDefault();
      if (items[active]) onPick(items[active]!);
    }
  };
  const optionId = (i: number) => `${id}-option-${i}`;
  useEffect(() => document.getElementById(optionId(active))?.scrollIntoView({ block: 'nearest' }), [active]);

  return (
    <div class="lookup-popup" role="dialog" aria-label={label} ref={root} onKeyDown={keyDown}>
      <input
        type="search"
        aria-label={`Search the ${list.noun} list`}
        placeholder="Search…"
        value={search}
        ref={input}
        role="combobox"
        aria-expanded="true"
        aria-controls={`${id}-list`}
        aria-activedescendant={items[active] ? optionId(active) : undefined}
        onInput={(e) => setSearch((e.target as HTMLInputElement).value)}
      />
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      <ul role="listbox" id={`${id}-list`} aria-label={`${list.noun} list`} aria-busy={loading}>
        {items.map((item, i) => (
          <li
            key={`${item.id}:${i}`}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            onMouseEnter={() => setActive(i)}
            onClick={() => onPick(item)}
          >
            <span class="lookup-name">{item.name}</span> <small class="muted">{item.id}</small>
          </li>
        ))}
      </ul>
      {!loading && !error && !items.length && <p class="muted">{search.trim() ? `No ${list.noun} matches “${search.trim()}”.` : `The list is empty.`}</p>}
      {loading && <p class="muted">Loading…</p>}
      <div class="row-actions">
        {nextPage && (
          <button type="button" aria-disabled={loading} onClick={() => !loading && void load(nextPage)}>
            More
          </button>
        )}
        <button type="button" class="link-button" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
