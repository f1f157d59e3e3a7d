/** The editor's matching and status steps: which messages belong to the check, and what each one says happened. */
import { type CheckForm, STATUS_GROUPS } from './CheckEditorForm.js';
import { CopyButton, Field, FieldError } from './CheckEditorFields.js';
import type { Update } from './CheckEditorIdentity.js';
import { CriteriaEditor } from './CheckEditorRules.js';
import { JobStatusOptions } from './CheckEditorJobStatus.js';

/** The check's own address, to paste into the backup software (shown to viewers too, so outside the read-only part). */
export function CheckAddress({ address, saved }: { address: string; saved: boolean }) {
  return (
    <div class="check-address">
      <span class="field-label">This check's address</span>
      <div class="address-row">
        <code data-testid="check-address">{address}</code>
        <CopyButton text={address} />
      </div>
      <span class="hint">
        {saved
          ? 'Send the reports here (in Comet: Accounts › Users › the user › Reporting › Email address).'
          : 'The address once the check is saved (the alias gets -2, -3… if another check already has it).'}{' '}
        The alias is set on the Identification step.
      </span>
    </div>
  );
}

export function MatchingStep({ form, update }: { form: CheckForm; update: Update }) {
  return (
    <div class="form">
      <label class="inline">
        <input type="checkbox" checked={form.matching.useAddress} onChange={(e) => update((f) => (f.matching.useAddress = (e.target as HTMLInputElement).checked))} /> Use the email address
        specific to this check
      </label>
      <p class="hint">
        {form.matching.useAddress
          ? 'A message sent to this address belongs to the check (and must also satisfy the rules below, if any). A message sent to the bare inbox belongs to it when the rules below hold.'
          : 'Only the rules below decide: a message to the inbox (or to this address) belongs to the check when they hold.'}{' '}
        A rule set without rules never matches.
      </p>
      <fieldset>
        <legend>Additional criteria</legend>
        <CriteriaEditor kind="Matching" path="matching" criteria={form.matching} onChange={(c) => update((f) => (f.matching = { ...c, useAddress: f.matching.useAddress }))} />
      </fieldset>
      <FieldError path="matching" />
    </div>
  );
}

const GROUP_TITLES: Record<string, string> = { success: 'Success criteria', warning: 'Warning criteria', failure: 'Failure criteria' };
const GROUP_KINDS: Record<string, string> = { success: 'Success', warning: 'Warning', failure: 'Failure' };

type JobProps = Omit<Parameters<typeof JobStatusOptions>[0], 'form' | 'update'>;

export function StatusStep({ form, update, job }: { form: CheckForm; update: Update; job: JobProps }) {
  return (
    <div class="form">
      <Field label="Default status" path="status.default" hint="The status when none of the criteria below matches: a report that says neither success nor warning is a failure unless you say otherwise.">
        {(p) => (
          <select {...p} value={form.status.default} onChange={(e) => update((f) => (f.status.default = (e.target as HTMLSelectElement).value as CheckForm['status']['default']))}>
            <option value="failure">Failure</option>
            <option value="warning">Warning</option>
            <option value="success">Success</option>
          </select>
        )}
      </Field>
      <JobStatusOptions form={form} update={update} {...job} />
      <p class="hint">When several criteria match, the worst wins (failure › warning › success). Criteria without rules are not used.</p>
      {STATUS_GROUPS.map((g) => (
        <fieldset key={g} data-group={g}>
          <legend>{GROUP_TITLES[g]}</legend>
          <CriteriaEditor kind={GROUP_KINDS[g]!} path={`status.${g}`} criteria={form.status[g]} onChange={(c) => update((f) => (f.status[g] = c))} />
          <FieldError path={`status.${g}`} />
        </fieldset>
      ))}
    </div>
  );
}
