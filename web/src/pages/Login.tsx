import { Page } from '../components/Page.js';
import type { SessionState } from '../session.js';

export function Login(_: { session: SessionState }) {
  return <Page title="Log in"><p>Not built yet.</p></Page>;
}
