import { Page } from '../components/Page.js';

export function CheckEditor(_: { params: Record<string, string> }) {
  return <Page title="Check"><p>Not built yet.</p></Page>;
}
