import { DateTime } from 'luxon';

/**
 * Small pieces every composed mail shares: HTML escaping for untrusted text (names, titles,
 * places), a header-safe single line, and how a coffee's time reads in a given zone.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeMailHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

/** Subjects and names end up in headers: every line break or control character becomes a space. */
export function oneLine(text: string, max = 200): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** "Thu 26 Nov 10:30" in the zone: short, for subjects. */
export function shortWhen(start: string, zone: string): string {
  return DateTime.fromISO(start, { zone }).setLocale('en-GB').toFormat('ccc d LLL HH:mm');
}

/** "Thursday 26 November 2026, 10:30–11:00 (Europe/London)": whole, for bodies. */
export function longWhen(start: string, end: string, zone: string): string {
  const from = DateTime.fromISO(start, { zone }).setLocale('en-GB');
  const to = DateTime.fromISO(end, { zone }).setLocale('en-GB');
  return `${from.toFormat('cccc d LLLL yyyy, HH:mm')}–${to.toFormat('HH:mm')} (${zone})`;
}
