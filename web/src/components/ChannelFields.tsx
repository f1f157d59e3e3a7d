import type { ComponentChildren } from 'preact';
import type { Field } from './ChannelTypes.js';
import type { FormValue, FormValues } from './ChannelForm.js';

type Config = Record<string, unknown>;

interface Props {
  fields: Field[];
  values: FormValues;
  onChange: (values: FormValues) => void;
  /** What the API shows of each secret (masked), for an existing channel. */
  masked?: Config;
  isNew: boolean;
  replacing: Set<string>;
  onReplacing: (replacing: Set<string>) => void;
  errors: Record<string, string>;
  readOnly: boolean;
  prefix?: string;
  /** What goes beside a setting's input (a picker from the vendor's list), by its path. */
  adorn?: (path: string, field: Field, value: FormValue, onValue: (v: FormValue) => void) => ComponentChildren;
}

const fieldId = (path: string) => `cf-${path.replace(/[^\w-]/g, '-')}`;

function Describe({ path, hint, error }: { path: string; hint?: string; error?: string }) {
  return (
    <>
      {hint && (
        <div class="hint" id={`${fieldId(path)}-hint`}>
          {hint}
        </div>
      )}
      {error && (
        <div class="field-error" id={`${fieldId(path)}-error`}>
          {error}
        </div>
      )}
    </>
  );
}

const describedBy = (path: string, hint?: string, error?: string) =>
  [hint ? `${fieldId(path)}-hint` : '', error ? `${fieldId(path)}-error` : ''].filter(Boolean).join(' ') || undefined;

/** What a secret looks like from the API: a URL's origin, a key's last characters, a header's name. */
function maskedText(value: unknown): string {
  if (value === undefined || value === null) return 'not set';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') return Object.keys(value).map((k) => `${k}: …`).join(', ') || 'none';
  return String(value);
}

/** The settings of one channel type, as a form. */
export function ChannelFields(props: Props) {
  const { fields, values, onChange, prefix = '' } = props;
  const set = (key: string, value: FormValue) => onChange({ ...values, [key]: value });
  return (
    <div class="channel-fields">
      {fields.map((f) => (
        <FieldInput key={f.key} {...props} field={f} path={prefix + f.key} value={values[f.key]!} onValue={(v) => set(f.key, v)} />
      ))}
    </div>
  );
}

function FieldInput(props: Props & { field: Field; path: string; value: FormValue; onValue: (v: FormValue) => void }) {
  const { field: f, path, value, onValue, errors, readOnly, isNew, replacing, onReplacing, masked, adorn } = props;
  const error = errors[path];
  const id = fieldId(path);
  const label = `${f.label}${f.required ? ' *' : ''}`;

  if (f.secret && !isNew && !replacing.has(f.key)) {
    return (
      <div class="field secret-field" data-field={path}>
        <span class="field-label" id={`${id}-label`}>
          {f.label}
        </span>
        <div class="secret-value">
          <code aria-labelledby={`${id}-label`}>{maskedText(masked?.[f.key])}</code>
          {!readOnly && (
            <button type="button" onClick={() => onReplacing(new Set([...replacing, f.key]))} aria-label={`Replace ${f.label}`}>
              Replace
            </button>
          )}
        </div>
        <Describe path={path} hint={`Stored encrypted and never shown whole.${f.hint ? ` ${f.hint}` : ''}`} error={error} />
      </div>
    );
  }
  const keep =
    f.secret && !isNew ? (
      <button
        type="button"
        class="link"
        onClick={() => {
          const next = new Set(replacing);
          next.delete(f.key);
          onReplacing(next);
        }}
      >
        Keep the stored {f.label.toLowerCase()}
      </button>
    ) : null;

  switch (f.type) {
    case 'checkbox':
      return (
        <div class="field checkbox-field" data-field={path}>
          <label>
            <input type="checkbox" checked={value === true} disabled={readOnly} onChange={(e) => onValue((e.target as HTMLInputElement).checked)} aria-describedby={describedBy(path, f.hint, error)} />{' '}
            {f.label}
          </label>
          <Describe path={path} hint={f.hint} error={error} />
        </div>
      );
    case 'select':
      return (
        <div class="field" data-field={path}>
          <label for={id}>{label}</label>
          <select id={id} value={value as string} disabled={readOnly} onChange={(e) => onValue((e.target as HTMLSelectElement).value)} aria-describedby={describedBy(path, f.hint, error)}>
            {f.options.map((o) => (
              <option key={String(o.value)} value={String(o.value)}>
                {o.label}
              </option>
            ))}
          </select>
          <Describe path={path} hint={f.hint} error={error} />
        </div>
      );
    case 'list': {
      const items = value as string[];
      const setItem = (i: number, v: string) => onValue(items.map((x, j) => (j === i ? v : x)));
      return (
        <fieldset class="field list-field" data-field={path} aria-describedby={describedBy(path, f.hint, error)}>
          <legend>{label}</legend>
          {items.map((item, i) => (
            <div class="list-row" key={i}>
              <input
                type={f.item === 'email' ? 'email' : f.item === 'number' ? 'number' : 'text'}
                aria-label={`${f.label} ${i + 1}`}
                value={item}
                disabled={readOnly}
                onInput={(e) => setItem(i, (e.target as HTMLInputElement).value)}
              />
              {!readOnly && (
                <button type="button" aria-label={`Remove ${f.label} row ${i + 1}`} onClick={() => onValue(items.filter((_, j) => j !== i))}>
                  ✕
                </button>
              )}
            </div>
          ))}
          {!items.length && <span class="muted">None.</span>}
          {!readOnly && (
            <div>
              <button type="button" onClick={() => onValue([...items, ''])}>
                {f.addLabel}
              </button>{' '}
              {!readOnly && adorn?.(path, f, value, onValue)}
            </div>
          )}
          <Describe path={path} hint={f.hint} error={error} />
        </fieldset>
      );
    }
    case 'keyvalue': {
      const rows = value as [string, string][];
      const setRow = (i: number, row: [string, string]) => onValue(rows.map((r, j) => (j === i ? row : r)));
      return (
        <fieldset class="field list-field" data-field={path} aria-describedby={describedBy(path, f.hint, error)}>
          <legend>{label}</legend>
          {rows.map(([k, v], i) => (
            <div class="list-row" key={i}>
              <input type="text" aria-label={`${f.keyLabel} ${i + 1}`} placeholder={f.keyLabel} value={k} disabled={readOnly} onInput={(e) => setRow(i, [(e.target as HTMLInputElement).value, v])} />
              <input
                type={f.secret ? 'password' : 'text'}
                autocomplete="off"
                aria-label={`${f.valueLabel} ${i + 1}`}
                placeholder={f.valueLabel}
                value={v}
                disabled={readOnly}
                onInput={(e) => setRow(i, [k, (e.target as HTMLInputElement).value])}
              />
              {!readOnly && (
                <button type="button" aria-label={`Remove ${f.label} row ${i + 1}`} onClick={() => onValue(rows.filter((_, j) => j !== i))}>
                  ✕
                </button>
              )}
            </div>
          ))}
          {!rows.length && <span class="muted">None.</span>}
          {!readOnly && (
            <div class="row-actions">
              <button type="button" onClick={() => onValue([...rows, ['', '']])}>
                {f.addLabel}
              </button>
              {keep}
            </div>
          )}
          <Describe path={path} hint={f.hint} error={error} />
        </fieldset>
      );
    }
    case 'group':
      return (
        <fieldset class="field group-field" data-field={path} aria-describedby={describedBy(path, f.hint, error)}>
          <legend>{f.label}</legend>
          <ChannelFields {...props} fields={f.fields} values={value as FormValues} onChange={onValue} prefix={`${path}.`} />
          <Describe path={path} hint={f.hint} error={error} />
        </fieldset>
      );
    case 'textarea':
      return (
        <div class="field" data-field={path}>
          <label for={id}>{label}</label>
          <textarea id={id} rows={8} class="code" spellcheck={false} placeholder={f.placeholder} value={value as string} disabled={readOnly} onInput={(e) => onValue((e.target as HTMLTextAreaElement).value)} aria-describedby={describedBy(path, f.hint, error)} />
          <Describe path={path} hint={f.hint} error={error} />
        </div>
      );
    default: {
      const type = f.type === 'url' ? (f.secret ? 'text' : 'url') : f.type === 'number' ? 'number' : f.type === 'email' ? 'email' : f.type === 'password' ? 'password' : 'text';
      return (
        <div class="field" data-field={path}>
          <label for={id}>{label}</label>
          <div class="input-row">
            <input
              id={id}
              type={type}
              autocomplete={f.secret ? 'off' : undefined}
              placeholder={'placeholder' in f ? f.placeholder : undefined}
              min={f.type === 'number' ? f.min : undefined}
              max={f.type === 'number' ? f.max : undefined}
              value={value as string}
              disabled={readOnly}
              aria-invalid={error ? true : undefined}
              aria-describedby={describedBy(path, f.hint, error)}
              onInput={(e) => onValue((e.target as HTMLInputElement).value)}
            />
            {!readOnly && adorn?.(path, f, value, onValue)}
            {keep}
          </div>
          <Describe path={path} hint={f.hint} error={error} />
        </div>
      );
    }
  }
}
