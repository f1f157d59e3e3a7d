import { Page } from '../components/Page.js';

export function ChannelEditor(_: { params: Record<string, string> }) {
  return <Page title="Channel"><p>Not built yet.</p></Page>;
}
