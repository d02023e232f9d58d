/**
 * Turns the raw bytes of an iCalendar file into logical content lines, remembering the
 * 1-based physical line each one starts on so errors can point at the original text.
 */

/** One unfolded content line and where it starts in the original text. */
export interface ContentLine {
  text: string;
  /** 1-based line number of the first physical line of this content line. */
  line: number;
}

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

const utf8 = new TextDecoder('utf-8');

/**
 * Unfolds content lines (RFC 5545 §3.1: a line break followed by one space or tab continues
 * the previous line). Accepts CRLF and bare LF endings. Unfolding happens on bytes, before
 * decoding, because §3.1 allows a fold to split a multi-octet UTF-8 character and asks
 * readers to restore the original sequence. Blank lines are skipped (not allowed by the RFC,
 * common in the wild) and end any line being continued.
 */
export function unfoldContentLines(input: string | Uint8Array): ContentLine[] {
  return [...contentLinesOf(input)];
}

/**
 * The same lines one at a time, as they are read: a 20 MB feed is half a million lines, and a
 * reader that builds its tree as it goes never needs them all at once.
 */
export function* contentLinesOf(input: string | Uint8Array): Generator<ContentLine> {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  let current: { segments: Uint8Array[]; line: number } | null = null;

  let lineNumber = 0;
  let offset = startsWithBom(bytes) ? UTF8_BOM.length : 0;
  while (offset <= bytes.length) {
    lineNumber += 1;
    const newline = bytes.indexOf(LF, offset);
    const lineEnd = newline === -1 ? bytes.length : newline;
    const contentEnd = lineEnd > offset && bytes[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd;
    const physical = bytes.subarray(offset, contentEnd);
    offset = lineEnd + 1;

    if (current && physical.length > 0 && (physical[0] === SPACE || physical[0] === TAB)) {
      current.segments.push(physical.subarray(1));
      continue;
    }
    // A blank line or a new line ends the one being continued.
    if (current) yield { text: decode(current.segments), line: current.line };
    current = physical.length === 0 ? null : { segments: [physical], line: lineNumber };
  }
  if (current) yield { text: decode(current.segments), line: current.line };
}

function startsWithBom(bytes: Uint8Array): boolean {
  return UTF8_BOM.every((byte, index) => bytes[index] === byte);
}

function decode(segments: Uint8Array[]): string {
  const [only] = segments;
  if (segments.length === 1 && only) return utf8.decode(only);
  const joined = new Uint8Array(segments.reduce((total, part) => total + part.length, 0));
  let at = 0;
  for (const part of segments) {
    joined.set(part, at);
    at += part.length;
  }
  return utf8.decode(joined);
}
