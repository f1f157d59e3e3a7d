import { Page } from '../components/Page.js';

export function Users(_: { params: Record<string, string> }) {
  return <Page title="Users"><p>Not built yet.</p></Page>;
}
