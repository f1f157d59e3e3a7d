import { convert, type HtmlToTextOptions } from 'html-to-text';

/** HTML longer than this is not rendered (the HTML itself is still kept). */
export const MAX_HTML_TO_RENDER = 5 * 1024 * 1024;

/**
 * Backup reports lay their fields out in tables ("Status:" in one cell, "Success"
 * in the next), so cells keep a space between them and rows become lines; text keeps
 * its case and links their text only, so rules see what a reader sees.
 */
const OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  limits: { maxDepth: 200 },
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false, maxColumnWidth: 10_000, colSpacing: 1, rowSpacing: 0 } },
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((h) => ({ selector: h, options: { uppercase: false } })),
  ],
};

export function htmlToText(html: string): string {
  return convert(html.length > MAX_HTML_TO_RENDER ? html.slice(0, MAX_HTML_TO_RENDER) : html, OPTIONS);
}
