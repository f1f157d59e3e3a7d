import { Page } from '../components/Page.js';

export function Activity(_: { params: Record<string, string> }) {
  return <Page title="Activity"><p>Not built yet.</p></Page>;
}
