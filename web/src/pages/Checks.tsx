import { Page } from '../components/Page.js';

export function Checks(_: { params: Record<string, string> }) {
  return <Page title="Checks"><p>Not built yet.</p></Page>;
}
