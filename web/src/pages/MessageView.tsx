import { Page } from '../components/Page.js';

export function MessageView(_: { params: Record<string, string> }) {
  return <Page title="Message"><p>Not built yet.</p></Page>;
}
