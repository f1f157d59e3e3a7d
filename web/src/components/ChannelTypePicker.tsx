import { CHANNEL_TYPES, type ChannelType } from './ChannelTypes.js';

/** Picking the type of a new channel: notification services and ticketing systems apart. */
export function ChannelTypePicker({ value, onPick }: { value: string; onPick: (type: string) => void }) {
  // Each heading is its own radio group: a type listed under both shows picked under both.
  const group = (legend: string, types: ChannelType[], name: string) => (
    <fieldset class="type-picker">
      <legend>{legend}</legend>
      <div class="type-cards">
        {types.map((t) => (
          <label key={t.type} class={`type-card${value === t.type ? ' picked' : ''}`}>
            <input type="radio" name={name} value={t.type} checked={value === t.type} onChange={() => onPick(t.type)} />
            <span>
              <strong>{t.label}</strong>
              <span class="muted">{t.about}</span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
  return (
    <div class="type-groups">
      {group('Notification services', CHANNEL_TYPES.filter((t) => t.kind === 'notification' || t.alsoUnder === 'notification'), 'channel-type-notification')}
      {group('Ticketing systems', CHANNEL_TYPES.filter((t) => t.kind === 'ticketing' || t.alsoUnder === 'ticketing'), 'channel-type-ticketing')}
    </div>
  );
}

