import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { ErrorNote, Page } from '../components/Page.js';
import { browserZone, formatTime, since } from '../format.js';

interface AboutInfo {
  version: string;
  startedAt: string;
  database: { kind: string; file?: string; url?: string };
  smtp: { running: boolean; address: string };
  scheduler: { running: boolean };
  deliveries: { running: boolean };
  inbox: string;
  node: string;
  nodes: { name: string; version: string; startedAt: string; heartbeatAt: string; runs: { engine: string; smtp: string; http: string } }[];
}

const KINDS: Record<string, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

/** Yes or no as a symbol, a word and a colour. */
function Running({ running }: { running: boolean }) {
  return (
    <span class={`running ${running ? 'yes' : 'no'}`} data-running={running}>
      <span aria-hidden="true">{running ? '✓' : '✕'}</span> {running ? 'Running' : 'Not running'}
    </span>
  );
}

/** The service: version, since when it runs, where its data is, and which parts are working. */
export function About(_: { params: Record<string, string> }) {
  const [about, setAbout] = useState<AboutInfo | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => void api<AboutInfo>('GET', '/about').then(setAbout).catch(setError), []);

  return (
    <Page title="About backwatch">
      <ErrorNote error={error} />
      {about && (
        <div class="about">
          <section class="panel">
            <h2>Service</h2>
            <dl class="facts">
              <dt>Version</dt>
              <dd data-fact="version">{about.version}</dd>
              <dt>Started</dt>
              <dd data-fact="started">
                {formatTime(about.startedAt)} <span class="muted">({browserZone()}, {since(about.startedAt)} ago)</span>
              </dd>
              <dt>Database</dt>
              <dd data-fact="database">
                {KINDS[about.database.kind] ?? about.database.kind} · <code>{about.database.file ?? about.database.url}</code>
              </dd>
              <dt>Inbox address</dt>
              <dd data-fact="inbox">
                <code>{about.inbox}</code>
              </dd>
            </dl>
          </section>
          <section class="panel">
            <h2>Parts</h2>
            <table class="parts">
              <tbody>
                <tr data-part="smtp">
                  <th scope="row">SMTP listener</th>
                  <td>
                    <Running running={about.smtp.running} />
                  </td>
                  <td>
                    <code>{about.smtp.address}</code>
                  </td>
                </tr>
                <tr data-part="scheduler">
                  <th scope="row">Scheduler (overdue checks)</th>
                  <td>
                    <Running running={about.scheduler.running} />
                  </td>
                  <td />
                </tr>
                <tr data-part="deliveries">
                  <th scope="row">Delivery worker (alerts and tickets)</th>
                  <td>
                    <Running running={about.deliveries.running} />
                  </td>
                  <td />
                </tr>
              </tbody>
            </table>
          </section>
          <section class="panel">
            <h2>Nodes</h2>
            <p class="muted">
              The backwatch processes on this database, each with its own SMTP and HTTP listeners. A node that missed three heartbeats (30 s) is not shown.
            </p>
            <table class="parts" data-nodes>
              <thead>
                <tr>
                  <th scope="col">Node</th>
                  <th scope="col">Version</th>
                  <th scope="col">SMTP</th>
                  <th scope="col">HTTP</th>
                  <th scope="col">Started</th>
                </tr>
              </thead>
              <tbody>
                {about.nodes.map((n) => (
                  <tr data-node={n.name} key={n.name + n.startedAt}>
                    <th scope="row">
                      {n.name}
                      {n.name === about.node && <span class="muted"> (this one)</span>}
                    </th>
                    <td>{n.version}</td>
                    <td>
                      <code>{n.runs.smtp}</code>
                    </td>
                    <td>
                      <code>{n.runs.http}</code>
                    </td>
                    <td>{formatTime(n.startedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section class="panel">
            <h2>API</h2>
            <p>
              Everything the console does goes through the REST API under <code>/api/v1</code>, with an API key or a session.
            </p>
            <ul>
              <li>
                <a href="/api/v1/docs" target="_blank" rel="noopener">
                  API documentation
                </a>
              </li>
              <li>
                <a href="/api/v1/openapi.json" target="_blank" rel="noopener">
                  OpenAPI document (openapi.json)
                </a>
              </li>
            </ul>
          </section>
        </div>
      )}
    </Page>
  );
}
