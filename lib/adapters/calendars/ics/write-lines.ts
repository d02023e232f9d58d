/**
 * The pieces of an iCalendar content line (RFC 5545 §3.1), written safely: property values
 * escaped as TEXT, parameter values quoted, addresses as `mailto:` URIs, and lines folded at
 * 75 octets. Untrusted text (a guest's name, a location) can never end a line, open a new
 * property or break out of a parameter.
 */

const CRLF = '\r\n';
/** RFC 5545 §3.1: lines SHOULD NOT be longer than 75 octets, excluding the line break. */
const MAX_LINE_OCTETS = 75;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const ANY_CONTROL = /[\u0000-\u001f\u007f]/g;

/** TEXT (§3.3.11): backslash, semicolon and comma escaped, any line break as `\n`, other controls dropped. */
export function escapeText(value: string): string {
  return value
    .replace(CONTROL, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\\;,]/g, (char) => `\\${char}`)
    .replace(/\n/g, '\\n');
}

/**
 * A quoted parameter value (§3.2). A DQUOTE cannot appear inside one (RFC 6868's `^'` escape
 * is not read by every client), so quotes and control characters are dropped; quoting keeps
 * `;`, `,` and `:` as data. A caret is written `^^` (RFC 6868 §3): readers that decode RFC 6868
 * would otherwise turn a name's `^n` into a line break.
 */
export function quotedParameter(value: string): string {
  return `"${value.replace(ANY_CONTROL, '').replace(/"/g, '').replace(/\^/g, '^^')}"`;
}

/** Characters an address keeps as written in a `mailto:` URI; everything else is percent-encoded. */
const MAILTO_SAFE = /[A-Za-z0-9.!#$&'*+/=?^_`{|}~@-]/;

/** CAL-ADDRESS (§3.3.3). Readers percent-decode it, so `%` and anything unusual is encoded. */
export function mailto(email: string): string {
  return `mailto:${Array.from(email, (char) => (MAILTO_SAFE.test(char) ? char : encodeURIComponent(char))).join('')}`;
}

/** DATE-TIME in UTC (§3.3.5 form 2): `20270309T083000Z`. Sub-second precision is dropped. */
export function utcDateTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${JSON.stringify(iso)}`);
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

export type Parameters = readonly (readonly [name: string, value: string])[];

/** `NAME;PARAM=value:value`; names and parameter values must already be safe (see quotedParameter). */
export function contentLine(name: string, value: string, parameters: Parameters = []): string {
  return `${name}${parameters.map(([param, paramValue]) => `;${param}=${paramValue}`).join('')}:${value}`;
}

/**
 * Folds a content line into physical lines of at most 75 octets (§3.1): a CRLF followed by one
 * space continues the line. The space counts towards the next line's length. Splits only
 * between code points, so a multi-byte UTF-8 character is never cut in half.
 */
export function foldLine(line: string): string {
  const physical: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    if (octets + size > MAX_LINE_OCTETS) {
      physical.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  physical.push(current);
  return physical.join(CRLF);
}

/** The lines of a document, folded, each ending in CRLF (§3.1), the last one too. */
export function joinLines(lines: readonly string[]): string {
  return lines.map((line) => foldLine(line) + CRLF).join('');
}
