/** Report text for a vendor that takes HTML: escaped, its URLs as links, its lines as lines. */
export function htmlText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/https?:\/\/[^\s<]+?(?=&quot;|&gt;|[\s<]|$)/g, (url) => `<a href="${url}">${url}</a>`)
    .replace(/\r?\n/g, '<br>');
}
