import { Page } from '../components/Page.js';

export function Unmatched(_: { params: Record<string, string> }) {
  return <Page title="Unmatched"><p>Not built yet.</p></Page>;
}
