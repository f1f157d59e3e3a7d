/** Named facts as a definition list, each findable by its name (`[data-fact="Device"]`). */
import type { ComponentChildren } from 'preact';

export type Fact = [string, ComponentChildren];

/** A value, or a dash when the report did not tell it. */
export const orDash = <T,>(v: T | null | undefined, show: (v: T) => string) => (v === null || v === undefined ? '–' : show(v));

export function FactList({ rows, class: cls = 'facts job-facts' }: { rows: Fact[]; class?: string }) {
  return (
    <dl class={cls}>
      {rows.map(([k, v]) => (
        <div key={k} data-fact={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
