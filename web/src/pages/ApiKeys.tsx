import { Page } from '../components/Page.js';

export function ApiKeys(_: { params: Record<string, string> }) {
  return <Page title="API keys"><p>Not built yet.</p></Page>;
}
