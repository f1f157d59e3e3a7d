/** Per-customer ticket fields (a check's or a group's) as name/value rows, with pickers from the ticketing channels' lists. */
import { isTicketingType } from './ChannelTypes.js';
import { FieldError } from './CheckEditorFields.js';
import { LookupPicker } from './LookupPicker.js';
import { type ChannelRow, type ListKind, useChannelLists } from './VendorLists.js';

export interface TicketFieldRow {
  key: string;
  value: string;
}

interface Props {
  rows: TicketFieldRow[];
  onChange: (rows: TicketFieldRow[]) => void;
  /** Every channel; the ticketing ones offer their lists (to administrators). */
  channels: ChannelRow[];
  hint: string;
}

interface Offer {
  channel: ChannelRow;
  list: ListKind;
  /** Every list of the channel, for naming what a list needs chosen first. */
  all: ListKind[];
}

export function TicketFields({ rows, onChange, channels, hint }: Props) {
  const ticketing = channels.filter((c) => isTicketingType(c.type));
  const lists = useChannelLists(ticketing.map((c) => c.id));
  const offers = (key: string): Offer[] =>
    ticketing.flatMap((channel) => {
      const all = lists.get(channel.id) ?? [];
      return all.filter((l) => l.fields.includes(key)).map((list) => ({ channel, list, all }));
    });
  const known = [...new Set([...lists.values()].flatMap((all) => all.flatMap((l) => l.fields)))].filter((k) => !rows.some((r) => r.key.trim() === k));

  const set = (i: number, patch: Partial<TicketFieldRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  /** What a list needs chosen first: the row of that field, else the channel's own setting. */
  const parentOf = ({ channel, list, all }: Offer) => {
    const key = list.parent;
    if (!key) return undefined;
    const row = rows.find((r) => r.key.trim() === key);
    const setting = channel.config?.[key];
    return { value: row?.value ?? (typeof setting === 'string' || typeof setting === 'number' ? String(setting) : ''), noun: all.find((l) => l.fields.includes(key) || l.config.includes(key))?.noun ?? key };
  };

  return (
    <fieldset>
      <legend>Ticket fields</legend>
      <p class="hint">{hint}</p>
      <div class="kv-rows">
        {rows.map((t, i) => {
          const offered = t.key.trim() ? offers(t.key.trim()) : [];
          return (
            <div class="kv-row" key={i}>
              <input type="text" aria-label={`Ticket field ${i + 1} name`} placeholder="companyId" value={t.key} onInput={(e) => set(i, { key: (e.target as HTMLInputElement).value })} />
              <input type="text" aria-label={`Ticket field ${i + 1} value`} placeholder="Value" value={t.value} onInput={(e) => set(i, { value: (e.target as HTMLInputElement).value })} />
              {offered.map((o) => (
                <LookupPicker
                  key={`${o.channel.id}:${o.list.kind}`}
                  channelId={o.channel.id}
                  list={o.list}
                  context={`for ticket field ${i + 1}${offered.length > 1 ? ` from ${o.channel.name}` : ''}`}
                  text={offered.length > 1 ? `Choose from ${o.channel.name}…` : undefined}
                  parent={parentOf(o)}
                  onPick={(item) => set(i, { value: item.id })}
                />
              ))}
              <button type="button" class="icon danger" aria-label={`Remove ticket field ${i + 1}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
                ✕
              </button>
              <FieldError path={`ticketFields.${t.key.trim()}`} />
            </div>
          );
        })}
      </div>
      <FieldError path="ticketFields" />
      <div class="ticket-field-adds">
        <button type="button" class="link-button" onClick={() => onChange([...rows, { key: '', value: '' }])}>
          + Add ticket field
        </button>
        {known.map((key) => (
          <button type="button" class="link-button" key={key} onClick={() => onChange([...rows, { key, value: '' }])}>
            + Add {key}
          </button>
        ))}
      </div>
    </fieldset>
  );
}
