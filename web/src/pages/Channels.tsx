import { Page } from '../components/Page.js';

export function Channels(_: { params: Record<string, string> }) {
  return <Page title="Channels and ticketing"><p>Not built yet.</p></Page>;
}
