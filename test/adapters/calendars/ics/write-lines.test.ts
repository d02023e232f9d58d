import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { contentLine, quotedParameter } from '../../../../lib/adapters/calendars/ics/write-lines.js';

describe('parameter values written from untrusted names', () => {
  it('a caret is escaped as RFC 6868 says, so `^n` in a name never becomes a line break', () => {
    const line = contentLine('ATTENDEE', 'mailto:jane@example.com', [['CN', quotedParameter('Jane ^nBcc^ Doe')]]);
    expect(line).toBe('ATTENDEE;CN="Jane ^^nBcc^^ Doe":mailto:jane@example.com');
    // ical.js decodes RFC 6868: the name reads back exactly as given, on one line.
    expect(ICAL.Property.fromString(line).getParameter('cn')).toBe('Jane ^nBcc^ Doe');
  });

  it('quotes, line breaks and control characters cannot leave the parameter', () => {
    const line = contentLine('ATTENDEE', 'mailto:a@b.example', [['CN', quotedParameter('Eve"\r\nATTENDEE:mailto:x@evil.example;\u0000')]]);
    expect(line).toBe('ATTENDEE;CN="EveATTENDEE:mailto:x@evil.example;":mailto:a@b.example');
    expect(ICAL.Property.fromString(line).getFirstValue()).toBe('mailto:a@b.example');
  });
});
