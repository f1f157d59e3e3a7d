import { Page } from '../components/Page.js';
import type { SessionState } from '../session.js';

export function Setup(_: { session: SessionState }) {
  return <Page title="Set up backwatch"><p>Not built yet.</p></Page>;
}
