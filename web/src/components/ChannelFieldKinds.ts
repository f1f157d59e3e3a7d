/** How a channel type's settings are described, and the builders the type lists share. */

export type Kind = 'notification' | 'ticketing';

interface Base {
  key: string;
  label: string;
  hint?: string;
  required?: boolean;
  /** Encrypted at rest; the API answers only a hint of it (write-only here). */
  secret?: boolean;
}

export type Field =
  | (Base & { type: 'text' | 'url' | 'email' | 'password'; default?: string; placeholder?: string; /** "42" is sent as 42 (a record id or a name). */ numericText?: boolean })
  | (Base & { type: 'textarea'; placeholder?: string; default?: string })
  | (Base & { type: 'number'; default?: number; min?: number; max?: number; placeholder?: string })
  | (Base & { type: 'checkbox'; default: boolean })
  | (Base & { type: 'select'; options: { value: string | number; label: string }[]; default?: string | number })
  | (Base & { type: 'list'; item: 'text' | 'email' | 'number'; default?: (string | number)[]; addLabel: string })
  | (Base & { type: 'keyvalue'; addLabel: string; keyLabel: string; valueLabel: string })
  | (Base & { type: 'group'; fields: Field[] });

export interface ChannelType {
  type: string;
  label: string;
  kind: Kind;
  /** Listed under the other heading too, as the CheckCentral guide lists it (GitHub is both a ticketing system and a notification channel there). */
  alsoUnder?: Kind;
  /** What is sent, in a line. */
  about: string;
  fields: Field[];
  /** The settings that tell one channel of this type from another (the list's "Key setting"). */
  keys: string[];
  /** What it keeps per incident, listed on its page (GET /tickets), when it is not a ticketing system's tickets. */
  keeps?: Kept;
}

/** The words for what a channel keeps per incident. */
export interface Kept {
  title: string;
  item: string;
  notes: string;
}

export const url = (label: string, hint?: string): Field => ({ key: 'url', label, type: 'url', required: true, secret: true, hint, placeholder: 'https://…' });
export const optText = (key: string, label: string, hint?: string): Field => ({ key, label, type: 'text', hint });
export const optUrl = (key: string, label: string, hint?: string): Field => ({ key, label, type: 'url', hint, placeholder: 'https://…' });
export const id = (key: string, label: string, hint?: string, dflt?: number): Field => ({ key, label, type: 'number', min: 1, hint, default: dflt });
export const idList = (key: string, label: string, dflt: number[], hint?: string): Field => ({ key, label, type: 'list', item: 'number', default: dflt, addLabel: 'Add a status', hint });
export const textList = (key: string, label: string, dflt: string[], addLabel: string, hint?: string): Field => ({ key, label, type: 'list', item: 'text', default: dflt, addLabel, hint });
export const secretText = (key: string, label: string, required = true, hint?: string): Field => ({ key, label, type: 'password', secret: true, required, hint });

/** A field of a group before it gets its key and label (Omit, distributed over the kinds). */
type Unkeyed = Field extends infer F ? (F extends Field ? Omit<F, 'key' | 'label'> : never) : never;

export const priorities = (hint: string, high: Unkeyed, low: Unkeyed, key = 'priorities', label = 'Priorities'): Field => ({
  key,
  label,
  type: 'group',
  hint,
  fields: [{ key: 'high', label: 'High (failure, overdue)', ...high } as Field, { key: 'low', label: 'Low (warning)', ...low } as Field],
});

/** ntfy and Pushover set a priority per kind of message. */
export const messagePriorities = (min: number, max: number, dflt: Record<string, number>, hint: string): Field => ({
  key: 'priorities',
  label: 'Priorities',
  type: 'group',
  hint,
  fields: (['failure', 'overdue', 'warning', 'restore', 'test'] as const).map((k) => ({
    key: k,
    label: k === 'restore' ? 'Recovery' : k[0]!.toUpperCase() + k.slice(1),
    type: 'number' as const,
    min,
    max,
    placeholder: String(dflt[k]),
  })),
});

/** The server's ticketingCommon (closeOnRecovery, warnings), in the words of what the channel keeps per incident. */
export const incidentCommon = (w: { close: string; closeHint: string; open: string; note: string }): Field[] => [
  { key: 'closeOnRecovery', label: w.close, type: 'checkbox', default: true, hint: w.closeHint },
  {
    key: 'warnings',
    label: 'Warnings',
    type: 'select',
    default: 'ticket',
    options: [
      { value: 'ticket', label: w.open },
      { value: 'note', label: w.note },
    ],
  },
];

export const ticketingCommon = incidentCommon({
  close: 'Close the ticket when the check recovers',
  closeHint: 'Off: only add the closing note and leave the ticket open.',
  open: 'Open a low-priority ticket',
  note: 'Only add a note to a ticket already open',
});

