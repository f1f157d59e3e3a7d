import { Page } from '../components/Page.js';

export function Deliveries(_: { params: Record<string, string> }) {
  return <Page title="Deliveries"><p>Not built yet.</p></Page>;
}
