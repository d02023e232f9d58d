/**
 * The safety rules every composed message follows. Names, titles and notes come from other
 * people's calendars or from forms, so in a subject they lose every line break (a CR/LF there
 * is how a `Bcc:` gets in), in HTML they are escaped, and anything very long is cut where a
 * person would stop reading.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Text as HTML text or attribute value: nothing in it can open a tag or end a quote. */
export function escapeHtmlText(text: string): string {
  return text.replace(/[&<>"'`]/g, (ch) => ESCAPES[ch] ?? ch);
}

/**
 * Every kind of line break and control character (C0, DEL, C1 with NEL, and the Unicode line and
 * paragraph separators) becomes one space: header folding and some clients treat each as a break.
 */
const BREAKS_AND_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/** One line of at most `max` characters (an ellipsis marks a cut), for subjects and list items. */
export function oneLine(text: string, max = 200): string {
  const flat = text.replace(BREAKS_AND_CONTROLS, ' ').replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

/** Body text a person wrote: line breaks kept (normalised to \n), other controls dropped, cut at `max`. */
export function bodyText(text: string, max: number): string {
  const clean = text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '')
    .replace(/[\u2028\u2029]/g, '\n')
    .trim();
  return clean.length <= max ? clean : `${clean.slice(0, max - 1).trimEnd()}…`;
}

/** Paragraphs of plain text as HTML: escaped, breaks as <br>, direction left to the reader's client (`dir="auto"`). */
export function paragraphsHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((p) => `<p dir="auto">${escapeHtmlText(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

/** An escaped link; the URL is ours (base URL + path) but is escaped all the same. */
export function linkHtml(url: string, label: string): string {
  return `<a href="${escapeHtmlText(url)}">${escapeHtmlText(label)}</a>`;
}

/** The whole HTML body: a minimal document, UTF-8, no remote content. */
export function mailDocument(title: string, body: string): string {
  return [
    '<!doctype html>',
    '<html><head><meta charset="utf-8">',
    `<title>${escapeHtmlText(title)}</title>`,
    '</head><body style="font-family: system-ui, sans-serif; line-height: 1.45; max-width: 40em">',
    body,
    '</body></html>',
  ].join('\n');
}

/** The footer line of a message a person can stop receiving (the header carries the one-click version). */
export function unsubscribeFooter(url: string | undefined): { text: string; html: string } {
  if (!url) return { text: '', html: '' };
  return {
    text: `\n\n--\nTo get no more of these emails: ${url}`,
    html: `<hr><p style="font-size: smaller">${linkHtml(url, 'Unsubscribe')} from these emails.</p>`,
  };
}
