import { useEffect, useState } from 'preact/hooks';
import { api, onSessionExpired, setCsrfToken } from './api.js';
import { loadFormats } from './components/Formats.js';
import { Layout } from './components/Layout.js';
import { Page } from './components/Page.js';
import { Login } from './pages/Login.js';
import { Setup } from './pages/Setup.js';
import { ROUTES } from './routes.js';
import { match, useLocation } from './router.js';
import { type Session, SessionContext, type SessionState } from './session.js';

function Routes() {
  const { path } = useLocation();
  for (const route of ROUTES) {
    const params = match(route.path, path);
    if (params) return <route.page params={params} />;
  }
  return (
    <Page title="Not found">
      <p>There is no page at {path}.</p>
    </Page>
  );
}

/** Setup on first start, the login (and its second factor), then the console. */
export function App() {
  const [session, setSession] = useState<Session | null>(null);
  const [failed, setFailed] = useState(false);
  const [expired, setExpired] = useState(false);
  const [formatsRead, setFormatsRead] = useState(false);
  const refresh = async () => {
    try {
      const s = await api<Session>('GET', '/session');
      setCsrfToken(s.csrfToken);
      if (s.user && !s.mfaPending) setExpired(false);
      setSession(s);
    } catch {
      setFailed(true);
    }
  };
  useEffect(() => {
    onSessionExpired(() => {
      setExpired(true);
      void refresh();
    });
    void refresh();
  }, []);
  const loggedIn = Boolean(session?.user && !session.mfaPending);
  // Read before the first page so that every format's product and fields are named in words from the start.
  useEffect(() => {
    if (loggedIn && !formatsRead) void loadFormats().catch(() => {}).finally(() => setFormatsRead(true));
  }, [loggedIn]);
  if (failed) return <p class="error">The backwatch server does not answer.</p>;
  if (!session) return <p class="loading">Loading…</p>;
  const state: SessionState = { ...session, expired: expired && !session.user, refresh };
  if (session.setupRequired) return <Setup session={state} />;
  if (!session.user || session.mfaPending) return <Login session={state} />;
  if (!formatsRead) return <p class="loading">Loading…</p>;
  return (
    <SessionContext.Provider value={state}>
      <Layout>
        <Routes />
      </Layout>
    </SessionContext.Provider>
  );
}
