/** The editor's schedule step: when reports are expected, and so when a missing one makes the check overdue. */
import { type CheckForm, DAY_LABELS, type ScheduleForm, UNITS, WEEKDAYS } from './CheckEditorForm.js';
import { Field, FieldError } from './CheckEditorFields.js';
import type { Update } from './CheckEditorIdentity.js';

const UNIT_LABELS: Record<string, string> = { minutes: 'Minute(s)', hours: 'Hour(s)', days: 'Day(s)', weeks: 'Week(s)' };
const TYPES: [ScheduleForm['type'], string, string][] = [
  ['unscheduled', 'Unscheduled', 'Never overdue: reports are recorded whenever they come.'],
  ['interval', 'Interval', 'A report every N minutes, hours, days or weeks, counted from the last one.'],
  ['cron', 'Cron', 'Reports after each run of a cron pattern (e.g. 0 21 * * 1-5: weekdays at 21:00).'],
];

export function ScheduleStep({ form, update }: { form: CheckForm; update: Update }) {
  const s = form.schedule;
  const set = (patch: Partial<ScheduleForm>) => update((f) => Object.assign(f.schedule, patch));
  const value = (key: keyof ScheduleForm) => (e: Event) => set({ [key]: (e.target as HTMLInputElement).value } as Partial<ScheduleForm>);
  const checked = (key: keyof ScheduleForm) => (e: Event) => set({ [key]: (e.target as HTMLInputElement).checked } as Partial<ScheduleForm>);
  return (
    <div class="form">
      <fieldset>
        <legend>Frequency</legend>
        {TYPES.map(([type, label, hint]) => (
          <div class="choice" key={type}>
            <label class="inline">
              <input type="radio" name="schedule-type" value={type} checked={s.type === type} onChange={() => set({ type })} aria-describedby={`schedule-${type}-hint`} /> {label}
            </label>
            <span class="hint" id={`schedule-${type}-hint`}>
              {hint}
            </span>
          </div>
        ))}
        <FieldError path="schedule" />
        <FieldError path="schedule.type" />
      </fieldset>

      {s.type === 'interval' && (
        <>
          <div class="field">
            <span class="field-label" id="expected-interval">Expected interval</span>
            <div class="inline-fields" role="group" aria-labelledby="expected-interval">
              Every
              <input type="number" min={1} max={10000} class="short" aria-label="Every" value={s.every} onInput={value('every')} />
              <select aria-label="Unit" value={s.unit} onChange={value('unit')}>
                {UNITS.map((u) => (
                  <option key={u} value={u}>
                    {UNIT_LABELS[u]}
                  </option>
                ))}
              </select>
            </div>
            <span class="hint">The first report sets the first expectation; each report then expects the next one this long after it.</span>
            <FieldError path="schedule.every" />
            <FieldError path="schedule.unit" />
          </div>
          <Field label="Set as overdue after (minutes)" path="schedule.overdueAfterMinutes" hint="How late the report may be before the check is overdue (default 30).">
            {(p) => <input {...p} type="number" min={0} class="short" value={s.overdueAfterMinutes} onInput={value('overdueAfterMinutes')} placeholder="30" />}
          </Field>
          <Field label="Time zone" path="schedule.timezone" hint="Whose calendar counts days, weeks and active days. Blank: the organization's.">
            {(p) => <input {...p} type="text" list="bw-timezones" value={s.timezone} onInput={value('timezone')} placeholder="Organization time zone" />}
          </Field>
          <fieldset>
            <legend>
              <label class="inline">
                <input type="checkbox" checked={s.useWindow} onChange={checked('useWindow')} /> Arrival time window
              </label>
            </legend>
            <p class="hint">Reports are expected only inside this daily window; an end before the start crosses midnight.</p>
            {s.useWindow && (
              <div class="inline-fields">
                <Field label="Start" path="schedule.window.start">
                  {(p) => <input {...p} type="time" value={s.windowStart} onInput={value('windowStart')} />}
                </Field>
                <Field label="End" path="schedule.window.end">
                  {(p) => <input {...p} type="time" value={s.windowEnd} onInput={value('windowEnd')} />}
                </Field>
                <Field label="Window time zone" path="schedule.window.timezone">
                  {(p) => <input {...p} type="text" list="bw-timezones" value={s.windowTimezone} onInput={value('windowTimezone')} placeholder="Schedule's time zone" />}
                </Field>
              </div>
            )}
            <FieldError path="schedule.window" />
          </fieldset>
          <fieldset>
            <legend>
              <label class="inline">
                <input type="checkbox" checked={s.useActiveDays} onChange={checked('useActiveDays')} /> Active days only
              </label>
            </legend>
            <p class="hint">Days on which reports are expected at all: a weekday job is not overdue on Saturday.</p>
            {s.useActiveDays && (
              <div class="inline-fields" role="group" aria-label="Active days">
                {WEEKDAYS.map((d) => (
                  <label class="inline" key={d}>
                    <input
                      type="checkbox"
                      checked={s.activeDays.includes(d)}
                      onChange={(e) => set({ activeDays: (e.target as HTMLInputElement).checked ? [...s.activeDays, d] : s.activeDays.filter((x) => x !== d) })}
                    />{' '}
                    {DAY_LABELS[d]}
                  </label>
                ))}
              </div>
            )}
            <FieldError path="schedule.activeDays" />
          </fieldset>
        </>
      )}

      {s.type === 'cron' && (
        <>
          <Field label="Cron pattern" path="schedule.cron" hint="Minute, hour, day of month, month, day of week: 0 21 * * 1-5 is weekdays at 21:00.">
            {(p) => <input {...p} type="text" class="mono" value={s.cron} onInput={value('cron')} placeholder="0 21 * * 1-5" />}
          </Field>
          <Field label="Time zone" path="schedule.timezone" hint="The zone the pattern runs in. Blank: the organization's.">
            {(p) => <input {...p} type="text" list="bw-timezones" value={s.timezone} onInput={value('timezone')} placeholder="Organization time zone" />}
          </Field>
          <Field label="Set as overdue after (minutes)" path="schedule.overdueAfterMinutes" hint="How long after each run the report may take (default 30).">
            {(p) => <input {...p} type="number" min={0} class="short" value={s.overdueAfterMinutes} onInput={value('overdueAfterMinutes')} placeholder="30" />}
          </Field>
        </>
      )}

      {s.type !== 'unscheduled' && (
        <label class="inline">
          <input type="checkbox" checked={s.expectFirstReport} onChange={checked('expectFirstReport')} /> Expect the first report: go overdue if even the first report does not come (counted from now)
        </label>
      )}
      <label class="inline">
        <input type="checkbox" checked={form.paused} onChange={(e) => update((f) => (f.paused = (e.target as HTMLInputElement).checked))} /> Paused: reports are still recorded, but the check is never overdue and
        sends no alerts
      </label>
    </div>
  );
}
