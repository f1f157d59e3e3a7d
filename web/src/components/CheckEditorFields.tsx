/** Small pieces of the check editor (and the checks list): field errors, copy, time zones, labels. */
import { createContext, type ComponentChildren } from 'preact';
import { useContext, useId, useState } from 'preact/hooks';
import { ApiError } from '../api.js';

/** The API's validation errors by field path (`matching.rules[1].value`). */
export const FieldErrors = createContext<Map<string, string>>(new Map());

export function useFieldError(path: string): string | undefined {
  return useContext(FieldErrors).get(path);
}

export type Issue = { path: string; message: string };

/** An API refusal as field errors: validation issues, or a conflict whose message starts with the field ("alias: …"). */
export function issuesOf(e: unknown): Issue[] {
  if (!(e instanceof ApiError)) return [];
  if (e.issues.length) return e.issues;
  const m = /^([A-Za-z][\w.[\]]*): (.+)$/.exec(e.message);
  return m ? [{ path: m[1]!, message: m[2]! }] : [];
}

/** The API's word on one field, shown next to it. */
export function FieldError({ path }: { path: string }) {
  const message = useFieldError(path);
  if (!message) return null;
  return (
    <span class="field-error" data-field={path}>
      {message}
    </span>
  );
}

export interface ControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
}

/**
 * A labelled field with its hint and the API's error for `path`; the label
 * names only the control (hints and errors describe it), so "Name" is the
 * name of one input, not of every input whose hint mentions a name.
 */
export function Field({ label, path, hint, children }: { label: string; path?: string; hint?: ComponentChildren; children: (control: ControlProps) => ComponentChildren }) {
  const id = useId();
  const error = useFieldError(path ?? '');
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label class="field-label" for={id}>
        {label}
      </label>
      {children({ id, 'aria-describedby': described || undefined, 'aria-invalid': error ? true : undefined })}
      {hint && (
        <span class="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span class="field-error" id={`${id}-error`} data-field={path}>
          {error}
        </span>
      )}
    </div>
  );
}

function copyWithSelection(text: string) {
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  document.execCommand('copy');
  area.remove();
}

/** Copies `text`; works on plain http too, where navigator.clipboard is missing. */
export function CopyButton({ text, what = 'address' }: { text: string; what?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async (e: Event) => {
    e.stopPropagation();
    try {
      if (!navigator.clipboard) throw new Error('no clipboard API');
      await navigator.clipboard.writeText(text);
    } catch {
      copyWithSelection(text);
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  };
  return (
    <button type="button" class="copy" onClick={copy} aria-label={`Copy ${what}`} title={`Copy ${text}`}>
      {copied ? 'Copied ✓' : 'Copy'}
    </button>
  );
}

let zones: string[] | null = null;
const timeZones = () => (zones ??= (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? []);

/** One list of IANA zones for every time-zone input of the page (inputs use list="bw-timezones"). */
export function TimeZoneList() {
  return (
    <datalist id="bw-timezones">
      {timeZones().map((z) => (
        <option key={z} value={z} />
      ))}
    </datalist>
  );
}

/** Labels as removable chips, with existing labels offered while typing (a new one is created on save). */
export function LabelsInput({ labels, known, onChange }: { labels: string[]; known: string[]; onChange: (labels: string[]) => void }) {
  const [text, setText] = useState('');
  const addAll = (names: string[]) => {
    const next = [...labels];
    for (const name of names.map((n) => n.trim()).filter(Boolean)) if (!next.includes(name)) next.push(name);
    if (next.length !== labels.length) onChange(next);
  };
  const add = () => {
    addAll([text]);
    setText('');
  };
  return (
    <div class="labels-input">
      {labels.map((l) => (
        <span class="chip" key={l}>
          {l}
          <button type="button" aria-label={`Remove label ${l}`} onClick={() => onChange(labels.filter((x) => x !== l))}>
            ×
          </button>
        </span>
      ))}
      <input
        type="text"
        list="bw-labels"
        aria-label="Add a label"
        placeholder="Type a label, Enter to add"
        value={text}
        onInput={(e) => {
          const parts = (e.target as HTMLInputElement).value.split(',');
          const rest = parts.pop()!;
          if (parts.length) addAll(parts);
          setText(rest);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            add();
          } else if (e.key === 'Backspace' && !text && labels.length) onChange(labels.slice(0, -1));
        }}
        onBlur={() => text.trim() && add()}
      />
      <datalist id="bw-labels">
        {known
          .filter((l) => !labels.includes(l))
          .map((l) => (
            <option key={l} value={l} />
          ))}
      </datalist>
    </div>
  );
}
