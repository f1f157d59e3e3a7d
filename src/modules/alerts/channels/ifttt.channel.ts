import { z } from 'zod';
import { splitTitle } from '../alerts.templates.js';
import { postJson } from './channel.http.js';
import { checkLink } from './channel.text.js';
import type { ChannelAdapter, SendOutcome } from './channel.types.js';
import { defaultWebhookBody } from './webhook.channel.js';

// The event name and the key are path segments: letters, digits, _ and - only, so neither can climb
// out of its segment, add one, or start a query.
const segment = (what: string) => z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, `${what}: letters, digits, _ and - only`);

const config = z.object({
  apiUrl: z.url({ protocol: /^https?$/ }).default('https://maker.ifttt.com'),
  /** The key shown under Webhooks > Documentation. */
  key: segment('the Webhooks key'),
  /** The event name the applet's trigger listens for. */
  event: segment('an event name'),
  /** `values`: value1 (title), value2 (text), value3 (link); `json`: the whole alert, for "Receive a web request with a JSON payload". */
  mode: z.enum(['values', 'json']).default('values'),
});

type IftttConfig = z.infer<typeof config>;

/** IFTTT refuses with `{"errors": [{"message": …}]}`; its words go into the outcome. */
function readAnswer(outcome: SendOutcome): SendOutcome {
  if (outcome.ok) return outcome;
  try {
    const errors: unknown = JSON.parse(outcome.response ?? '').errors;
    const said = Array.isArray(errors) ? errors.map((e) => e?.message).filter((m) => typeof m === 'string') : [];
    return said.length ? { ...outcome, error: `${outcome.error}: ${said.join('; ')}` } : outcome;
  } catch {
    return outcome; // not IFTTT's JSON: the HTTP status alone tells
  }
}

export const iftttChannel: ChannelAdapter<IftttConfig> = {
  type: 'ifttt',
  config,
  secrets: ['key'],
  async send(c, view, ctx) {
    const text = ctx.templates.render('ifttt', view.event, view);
    const { title, body } = splitTitle(text);
    const json = c.mode === 'json' ? '/json' : '';
    const url = `${c.apiUrl.replace(/\/+$/, '')}/trigger/${encodeURIComponent(c.event)}${json}/with/key/${encodeURIComponent(c.key)}`;
    const payload = c.mode === 'json' ? defaultWebhookBody(view, text) : { value1: title, value2: body, value3: checkLink(view) ?? '' };
    return readAnswer(await postJson(ctx, url, payload));
  },
};
