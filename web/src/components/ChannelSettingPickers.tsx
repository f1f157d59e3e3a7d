/** The channel form's pickers: one beside each setting a list of the channel's vendor fills. */
import type { Field } from './ChannelTypes.js';
import { fieldLabel, type FormValue, type FormValues, valueAt } from './ChannelForm.js';
import { LookupPicker } from './LookupPicker.js';
import type { ListKind } from './VendorLists.js';

/** A list setting gets the id in its first empty row, else a new one. */
function withItem(items: string[], id: string): string[] {
  const blank = items.findIndex((x) => !x.trim());
  return blank < 0 ? [...items, id] : items.map((x, i) => (i === blank ? id : x));
}

const pickable = (f: Field) => !f.secret && f.type !== 'select' && f.type !== 'checkbox' && f.type !== 'group' && f.type !== 'keyvalue' && f.type !== 'textarea';

/** ChannelFields' `adorn`: a picker where some list's `config` names the setting's path. */
export function settingPickers(channelId: number, lists: ListKind[], fields: Field[], values: FormValues) {
  return (path: string, field: Field, value: FormValue, onValue: (v: FormValue) => void) => {
    const list = pickable(field) ? lists.find((l) => l.config.includes(path)) : undefined;
    if (!list) return null;
    const parentKey = list.parent;
    const parent = parentKey ? { value: valueAt(values, parentKey), noun: lists.find((l) => l.config.includes(parentKey))?.noun ?? fieldLabel(fields, parentKey) ?? parentKey } : undefined;
    return (
      <LookupPicker
        channelId={channelId}
        list={list}
        context={list.config.length > 1 ? `for ${fieldLabel(fields, path) ?? path}` : undefined}
        parent={parent}
        onPick={(item) => onValue(field.type === 'list' ? withItem(value as string[], item.id) : item.id)}
      />
    );
  };
}
