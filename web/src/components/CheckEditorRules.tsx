/** A rule set as the CheckCentral seed shows it: condense/combine, "must match All/Any", and the rule rows. */
import { type CriteriaForm, newRule, OPERATOR_LABELS, RULE_OPERATORS, type RuleForm } from './CheckEditorForm.js';
import { FieldError, useFieldError } from './CheckEditorFields.js';
import { type FieldGroup, fieldLabel, ruleFieldGroups, useFormats, valueListId } from './Formats.js';

/** The values a field takes where they are a known few, offered while typing its rule (inputs use list="bw-values-…"). */
export function RuleValueLists() {
  const groups = ruleFieldGroups(useFormats());
  return (
    <>
      {groups.flatMap((g) =>
        g.fields
          .filter((f) => f.values?.length)
          .map((f) => (
            <datalist key={f.name} id={valueListId(f.name)}>
              {f.values!.map((v) => (
                <option key={v} value={v} />
              ))}
            </datalist>
          )),
      )}
    </>
  );
}

/** The fields offered, grouped; a field the lists do not know (a format since removed) stays offered as it is. */
function FieldOptions({ groups, current }: { groups: FieldGroup[]; current: string }) {
  const known = groups.some((g) => g.fields.some((f) => f.name === current));
  return (
    <>
      {!known && <option value={current}>{fieldLabel(current)}</option>}
      {groups.map((g) => (
        <optgroup key={g.label} label={g.label}>
          {g.fields.map((f) => (
            <option key={f.name} value={f.name} title={f.description}>
              {f.label}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  );
}

interface Props {
  criteria: CriteriaForm;
  onChange: (c: CriteriaForm) => void;
  /** The API's path of this rule set (`matching`, `status.success`…), for its errors. */
  path: string;
  /** "Matching", "Success"…: the word on the add button and the rows' labels. */
  kind: string;
}

function RuleRow({ rule, index, path, kind, onChange, onRemove }: { rule: RuleForm; index: number; path: string; kind: string; onChange: (r: RuleForm) => void; onRemove: () => void }) {
  const rulePath = `${path}.rules[${index}]`;
  const error = useFieldError(`${rulePath}.value`);
  const name = `${kind} rule ${index + 1}`;
  const groups = ruleFieldGroups(useFormats());
  const hasValues = groups.some((g) => g.fields.some((f) => f.name === rule.field && f.values?.length));
  return (
    <li class="rule-row" data-rule={index}>
      <div class="rule">
        <select aria-label={`${name} field`} value={rule.field} onChange={(e) => onChange({ ...rule, field: (e.target as HTMLSelectElement).value })}>
          <FieldOptions groups={groups} current={rule.field} />
        </select>
        <select aria-label={`${name} operator`} value={rule.operator} onChange={(e) => onChange({ ...rule, operator: (e.target as HTMLSelectElement).value as RuleForm['operator'] })}>
          {RULE_OPERATORS.map((o) => (
            <option key={o} value={o}>
              {OPERATOR_LABELS[o]}
            </option>
          ))}
        </select>
        <input
          type="text"
          aria-label={`${name} value`}
          aria-invalid={error ? true : undefined}
          list={hasValues ? valueListId(rule.field) : undefined}
          placeholder={rule.operator === 'regex' ? 'RE2 pattern, e.g. Status: (Success|Completed)' : 'Text'}
          value={rule.value}
          onInput={(e) => onChange({ ...rule, value: (e.target as HTMLInputElement).value })}
        />
        <label class="inline" title="Match upper and lower case exactly">
          <input type="checkbox" checked={rule.caseSensitive} onChange={(e) => onChange({ ...rule, caseSensitive: (e.target as HTMLInputElement).checked })} /> Case-sensitive
        </label>
        <button type="button" class="icon danger" aria-label={`Remove ${name.toLowerCase()}`} title="Remove this rule" onClick={onRemove}>
          ✕
        </button>
      </div>
      <FieldError path={`${rulePath}.value`} />
      <FieldError path={`${rulePath}.field`} />
      <FieldError path={`${rulePath}.operator`} />
    </li>
  );
}

export function CriteriaEditor({ criteria, onChange, path, kind }: Props) {
  const set = (patch: Partial<CriteriaForm>) => onChange({ ...criteria, ...patch });
  const setRule = (i: number, r: RuleForm) => set({ rules: criteria.rules.map((x, j) => (j === i ? r : x)) });
  return (
    <div class="criteria">
      <div class="criteria-options">
        <label class="inline" title="Every run of spaces, tabs and line breaks counts as one space, in the message and in the rule">
          <input type="checkbox" checked={criteria.condenseWhitespace} onChange={(e) => set({ condenseWhitespace: (e.target as HTMLInputElement).checked })} /> Condense whitespace
        </label>
        <label class="inline" title="The text of text-like attachments (.txt, .log, .csv…) counts as part of the body">
          <input type="checkbox" checked={criteria.combineAttachments} onChange={(e) => set({ combineAttachments: (e.target as HTMLInputElement).checked })} /> Combine attachments
        </label>
      </div>
      <p class="criteria-mode">
        Message must match{' '}
        <select aria-label={`${kind} rules must match`} value={criteria.mode} onChange={(e) => set({ mode: (e.target as HTMLSelectElement).value as CriteriaForm['mode'] })}>
          <option value="all">All</option>
          <option value="any">Any</option>
        </select>{' '}
        of the following conditions:
      </p>
      <ul class="rules">
        {criteria.rules.map((r, i) => (
          <RuleRow key={i} rule={r} index={i} path={path} kind={kind} onChange={(x) => setRule(i, x)} onRemove={() => set({ rules: criteria.rules.filter((_, j) => j !== i) })} />
        ))}
        {!criteria.rules.length && <li class="muted">No rules.</li>}
      </ul>
      <FieldError path={`${path}.rules`} />
      <button type="button" class="link-button" onClick={() => set({ rules: [...criteria.rules, newRule()] })}>
        + Add {kind} Rule
      </button>
    </div>
  );
}
