import createDOMPurify from 'dompurify';
import { useMemo, useState } from 'preact/hooks';

/*
 * A report's HTML is untrusted. Three layers keep it inert: DOMPurify removes
 * scripts, handlers and dangerous URLs; the frame is sandboxed without
 * allow-scripts and without allow-same-origin (an opaque origin that cannot run
 * code or reach the console); and the frame's own policy forbids every load
 * but inline styles and data: images (plus https: images once asked for).
 */

// An instance of our own, so the hooks below touch no other use of DOMPurify.
const purify = createDOMPurify(window);

const KEPT_IMAGE = /^\s*(https:\/\/|data:image\/)/i;
let remoteSeen = 0;

purify.addHook('afterSanitizeAttributes', (node) => {
  const el = node as Element;
  if (el.tagName === 'A' && el.hasAttribute('href')) {
    el.setAttribute('target', '_blank');
    el.setAttribute('rel', 'noopener noreferrer');
  }
  if (el.tagName === 'IMG') {
    // A relative source would resolve against the console's own origin: never load it.
    const src = el.getAttribute('src');
    if (src !== null && !KEPT_IMAGE.test(src)) el.removeAttribute('src');
    else if (src && /^\s*https:/i.test(src)) remoteSeen++;
    el.removeAttribute('srcset');
  }
});

const FORBID_TAGS = ['base', 'meta', 'link', 'iframe', 'frame', 'frameset', 'object', 'embed', 'form'];

export interface SafeHtml {
  /** The sanitised head styles and body, without the policy. */
  head: string;
  body: string;
  /** How many images point at other servers (shown only when asked). */
  remoteImages: number;
}

export function sanitizeMessageHtml(html: string): SafeHtml {
  remoteSeen = 0;
  const root = purify.sanitize(html, { WHOLE_DOCUMENT: true, RETURN_DOM: true, FORBID_TAGS }) as HTMLElement;
  const head = [...(root.querySelector('head')?.querySelectorAll('style') ?? [])].map((s) => s.outerHTML).join('');
  return { head, body: root.querySelector('body')?.innerHTML ?? root.innerHTML, remoteImages: remoteSeen };
}

export const framePolicy = (remoteImages: boolean) => `default-src 'none'; img-src data:${remoteImages ? ' https:' : ''}; style-src 'unsafe-inline'`;

/** The document given to the frame: its policy first, before anything of the message. */
export function frameDocument(safe: SafeHtml, remoteImages: boolean): string {
  return (
    `<meta http-equiv="Content-Security-Policy" content="${framePolicy(remoteImages)}">` +
    '<meta name="referrer" content="no-referrer"><meta charset="utf-8">' +
    // A readable default that the message's own styles, coming after, override.
    '<style>body { font: 14px/1.45 system-ui, sans-serif; color: #1d2430; background: #fff; margin: 0.75rem; }</style>' +
    `${safe.head}<body>${safe.body}</body>`
  );
}

/** A message's HTML body, rendered where it cannot run anything; remote images on request. */
export function MessageHtml({ html }: { html: string }) {
  const safe = useMemo(() => sanitizeMessageHtml(html), [html]);
  const [showRemote, setShowRemote] = useState(false);
  return (
    <div class="message-html-view">
      {safe.remoteImages > 0 && (
        <p class="remote-images" role="note">
          {showRemote ? (
            <>Remote images are shown.</>
          ) : (
            <>
              {safe.remoteImages === 1 ? '1 remote image is' : `${safe.remoteImages} remote images are`} blocked, so the sender cannot tell that the message was opened.{' '}
              <button type="button" onClick={() => setShowRemote(true)}>
                Show remote images
              </button>
            </>
          )}
        </p>
      )}
      <iframe
        class="message-html"
        title="Message HTML (sanitised)"
        sandbox="allow-popups allow-popups-to-escape-sandbox"
        referrerpolicy="no-referrer"
        srcdoc={frameDocument(safe, showRemote)}
      />
    </div>
  );
}
