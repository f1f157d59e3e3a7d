import { Page } from '../components/Page.js';

export function About(_: { params: Record<string, string> }) {
  return <Page title="About"><p>Not built yet.</p></Page>;
}
