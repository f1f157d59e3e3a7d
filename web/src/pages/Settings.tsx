import { Page } from '../components/Page.js';

export function Settings(_: { params: Record<string, string> }) {
  return <Page title="Settings"><p>Not built yet.</p></Page>;
}
