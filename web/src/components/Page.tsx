import type { ComponentChildren } from 'preact';
import { ApiError } from '../api.js';

export function Page({ title, actions, children }: { title: string; actions?: ComponentChildren; children: ComponentChildren }) {
  document.title = `${title} · backwatch`;
  return (
    <section class="page">
      <header class="page-header">
        <h1>{title}</h1>
        <div class="page-actions">{actions}</div>
      </header>
      {children}
    </section>
  );
}

/** An error as people read it: the API's message, with the fields it names. */
export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof ApiError ? error.message : error instanceof Error ? error.message : String(error);
  return (
    <p class="error" role="alert">
      {message}
    </p>
  );
}
