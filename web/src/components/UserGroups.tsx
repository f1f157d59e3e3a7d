/** Which check groups a user may see: every group, or only those chosen (the API's `groupIds`, null for every group). */

export interface GroupChoice {
  id: number;
  name: string;
}

/** A user's limit in words: every group, the groups by name, or none. */
export function groupsInWords(groupIds: number[] | null, groups: GroupChoice[]): string {
  if (groupIds === null) return 'All groups';
  if (!groupIds.length) return 'No group: no checks';
  return groupIds.map((id) => groups.find((g) => g.id === id)?.name ?? `group ${id}`).join(', ');
}

/** "Checks they may see": all groups, or only these groups (chosen in a list of every group). */
export function GroupScopeField({
  name,
  legend = 'Checks they may see',
  value,
  groups,
  onChange,
}: {
  name: string;
  legend?: string;
  value: number[] | null;
  groups: GroupChoice[];
  onChange: (groupIds: number[] | null) => void;
}) {
  const toggle = (id: number) => (e: Event) => {
    const chosen = (e.target as HTMLInputElement).checked;
    onChange(groups.map((g) => g.id).filter((g) => (g === id ? chosen : (value ?? []).includes(g))));
  };
  return (
    <fieldset class="group-scope">
      <legend>{legend}</legend>
      <label class="inline">
        <input type="radio" name={name} checked={value === null} onChange={() => onChange(null)} /> All groups
      </label>
      <label class="inline">
        <input type="radio" name={name} checked={value !== null} onChange={() => onChange(value ?? [])} /> Only these groups
      </label>
      {value !== null && (
        <div class="group-choices" role="group" aria-label="Groups they may see">
          {groups.map((g) => (
            <label class="inline-check" key={g.id}>
              <input type="checkbox" checked={value.includes(g.id)} onChange={toggle(g.id)} /> {g.name}
            </label>
          ))}
          {!groups.length && <span class="hint">There are no groups yet: a check's group is made when a check first names it.</span>}
        </div>
      )}
      {value !== null && !value.length && <p class="hint">With no group chosen they see no checks at all.</p>}
    </fieldset>
  );
}
