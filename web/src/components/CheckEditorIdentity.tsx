/** The editor's first step: what the check is called, where it is filed, and its alias. */
import { aliasFromName } from './CheckEditorAddress.js';
import type { CheckForm } from './CheckEditorForm.js';
import { Field, FieldError, LabelsInput } from './CheckEditorFields.js';

export type Update = (mutate: (f: CheckForm) => void) => void;

export function IdentificationStep({ form, update, groups, labels }: { form: CheckForm; update: Update; groups: string[]; labels: string[] }) {
  const text = (set: (f: CheckForm, v: string) => void) => (e: Event) => {
    const value = (e.target as HTMLInputElement).value;
    update((f) => set(f, value));
  };
  const isNewGroup = form.group.trim() !== '' && !groups.some((g) => g.toLowerCase() === form.group.trim().toLowerCase());
  return (
    <div class="form">
      <Field label="Name" path="name" hint='For Comet, "{username}: {protected item}", e.g. "User01: Documents".'>
        {(p) => <input {...p} type="text" value={form.name} onInput={text((f, v) => (f.name = v))} required maxLength={200} />}
      </Field>
      <Field label="Group" path="group" hint={isNewGroup ? `A new group "${form.group.trim()}" is created when the check is saved.` : 'Pick an existing group, or type a new name to create one.'}>
        {(p) => <input {...p} type="text" list="bw-groups" value={form.group} onInput={text((f, v) => (f.group = v))} placeholder="No group" maxLength={100} />}
      </Field>
      <datalist id="bw-groups">
        {groups.map((g) => (
          <option key={g} value={g} />
        ))}
      </datalist>
      <div class="field" role="group" aria-label="Labels">
        <span class="field-label">Labels</span>
        <LabelsInput labels={form.labels} known={labels} onChange={(l) => update((f) => (f.labels = l))} />
        <span class="hint">Optional. Pick an existing label or type a new one.</span>
        <FieldError path="labels" />
      </div>
      <Field label="Description" path="description">
        {(p) => <textarea {...p} rows={3} value={form.description} onInput={text((f, v) => (f.description = v))} />}
      </Field>
      <Field label="Asset ID" path="assetId" hint="Only for ticketing systems with an asset field (ConnectWise, Autotask, HaloPSA, Syncro, Jira); leave blank otherwise.">
        {(p) => <input {...p} type="text" value={form.assetId} onInput={text((f, v) => (f.assetId = v))} maxLength={200} />}
      </Field>
      <Field label="Alias" path="alias" hint={`The check's own address is the inbox's plus-alias. Blank: made from the name (${aliasFromName(form.name)}). Lower-case letters, digits, ".", "-" and "_".`}>
        {(p) => <input {...p} type="text" value={form.alias} onInput={text((f, v) => (f.alias = v))} placeholder={aliasFromName(form.name)} maxLength={48} />}
      </Field>
    </div>
  );
}
