/** Settings › Comet: which customer group a discovered check is filed in, as an editable list of rules. */
import { FieldError } from './CheckEditorFields.js';
import type { CometForm } from './SettingsCometForm.js';

type Rows = CometForm['groups'];

export function GroupRules({ rows, onChange }: { rows: Rows; onChange: (rows: Rows) => void }) {
  const set = (i: number, patch: Partial<Rows[number]>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset>
      <legend>Customer groups</legend>
      <p class="hint">
        A discovered check goes in the group of the first rule that fits its Comet username (a pattern with <code>*</code> and <code>?</code>) or tenant; without one, in a group named after
        the username.
      </p>
      {rows.length > 0 && (
        <div class="group-rules" role="table" aria-label="Group rules">
          <div class="group-rule group-rule-head" role="row">
            <span role="columnheader">Username pattern</span>
            <span role="columnheader">Tenant</span>
            <span role="columnheader">Group</span>
            <span />
          </div>
          {rows.map((r, i) => (
            <div class="group-rule" role="row" key={i} data-rule={i}>
              <span role="cell">
                <input type="text" aria-label={`Group rule ${i + 1} username pattern`} placeholder="acme-*" value={r.username} onInput={(e) => set(i, { username: (e.target as HTMLInputElement).value })} />
                <FieldError path={`groups[${i}].username`} />
              </span>
              <span role="cell">
                <input type="text" aria-label={`Group rule ${i + 1} tenant`} placeholder="(any)" value={r.tenant} onInput={(e) => set(i, { tenant: (e.target as HTMLInputElement).value })} />
                <FieldError path={`groups[${i}].tenant`} />
              </span>
              <span role="cell">
                <input type="text" aria-label={`Group rule ${i + 1} group`} placeholder="Acme Corp" value={r.group} onInput={(e) => set(i, { group: (e.target as HTMLInputElement).value })} />
                <FieldError path={`groups[${i}].group`} />
              </span>
              <span role="cell">
                <button type="button" class="icon danger" aria-label={`Remove group rule ${i + 1}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
                  ✕
                </button>
              </span>
            </div>
          ))}
        </div>
      )}
      <FieldError path="groups" />
      <button type="button" class="link-button" onClick={() => onChange([...rows, { username: '', tenant: '', group: '' }])}>
        + Add group rule
      </button>
    </fieldset>
  );
}
