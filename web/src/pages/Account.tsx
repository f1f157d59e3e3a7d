import { Page } from '../components/Page.js';

export function Account(_: { params: Record<string, string> }) {
  return <Page title="My account"><p>Not built yet.</p></Page>;
}
