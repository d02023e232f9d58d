import { describe, expect, test } from 'vitest';
import { parseIcsEvents } from '../../../../lib/adapters/calendars/ics/events.js';
import { serializeCalendar, type WritableEvent } from '../../../../lib/adapters/calendars/ics/write.js';
import { escapeText, foldLine } from '../../../../lib/adapters/calendars/ics/write-lines.js';

const WINDOW = { from: '2027-03-01T00:00:00Z', to: '2027-04-01T00:00:00Z' };
const owner = { email: 'me@example.com', name: 'Alex Owner' };

function aCoffee(overrides: Partial<WritableEvent> = {}): WritableEvent {
  return {
    id: 'e1',
    kind: 'coffee',
    proposalId: 'p1',
    start: '2027-03-09T08:30:00.000Z',
    end: '2027-03-09T09:00:00.000Z',
    title: 'Coffee: Ana and me',
    location: 'Café Central, Vienna',
    status: 'confirmed',
    organizer: owner,
    attendees: [owner, { email: 'ana@example.com', name: 'Ana' }],
    sequence: 0,
    updatedAt: '2027-03-02T10:00:00.000Z',
    ...overrides,
  };
}

const aHold = (overrides: Partial<WritableEvent> = {}): WritableEvent =>
  aCoffee({ id: 'h1', kind: 'hold', status: 'tentative', attendees: [], title: 'Coffee with Ana? (suggested by Rapport)', ...overrides });

const physicalLines = (text: string) => text.split('\r\n').slice(0, -1);

describe('writing iCalendar', () => {
  test('a coffee reads back with the same instants, organizer and attendees, and no hold tag', () => {
    const [event, ...rest] = parseIcsEvents(serializeCalendar({ method: 'REQUEST', events: [aCoffee()] }), WINDOW);
    expect(rest).toEqual([]);
    expect(event).toMatchObject({
      uid: 'e1@rapport',
      start: '2027-03-09T08:30:00.000Z',
      end: '2027-03-09T09:00:00.000Z',
      status: 'confirmed',
      transparent: false,
      title: 'Coffee: Ana and me',
      organizer: { email: 'me@example.com', name: 'Alex Owner' },
      attendees: [
        { email: 'me@example.com', name: 'Alex Owner', response: 'accepted', kind: 'person' },
        { email: 'ana@example.com', name: 'Ana', response: 'needs-action', kind: 'person' },
      ],
    });
    expect(event?.rapportHold).toBeUndefined();
  });

  test('a hold is tentative, blocks time and carries its proposal tag', () => {
    const text = serializeCalendar({ events: [aHold()] });
    const [event] = parseIcsEvents(text, WINDOW);
    expect(event).toMatchObject({ status: 'tentative', transparent: false, rapportHold: { proposalId: 'p1' } });
    expect(text).toContain('TRANSP:OPAQUE\r\n');
  });

  test('hostile names round-trip as data and never open a property or a parameter', () => {
    const script = '<script>alert(1)</script>';
    const tricky = 'Zoë; Ångström, "Jr"';
    const text = serializeCalendar({
      events: [
        aCoffee({
          title: `Coffee with ${tricky}\r\nATTENDEE:mailto:evil@example.com`,
          description: 'line one\nline two \\ done',
          attendees: [owner, { email: 'zoe@example.com', name: tricky }, { email: 'x@example.com', name: `${script}"\r\n;CN=evil:` }],
        }),
      ],
    });
    const [event] = parseIcsEvents(text, WINDOW);
    expect(event?.title).toBe(`Coffee with ${tricky}\nATTENDEE:mailto:evil@example.com`);
    expect(event?.attendees.map((a) => [a.email, a.name])).toEqual([
      ['me@example.com', 'Alex Owner'],
      ['zoe@example.com', 'Zoë; Ångström, Jr'],
      ['x@example.com', `${script};CN=evil:`],
    ]);
    expect(text).not.toMatch(/\r\nATTENDEE:mailto:evil/);
  });

  test('an odd address is percent-encoded and reads back as written', () => {
    const [event] = parseIcsEvents(serializeCalendar({ events: [aCoffee({ attendees: [{ email: 'a%b+c@example.com' }] })] }), WINDOW);
    expect(event?.attendees[0]?.email).toBe('a%b+c@example.com');
  });

  test('long non-ASCII text folds at 75 octets without splitting a character, and unfolds to the same text', () => {
    // Under the reader's 200-character title limit, yet about 450 octets: six folds.
    const title = 'Kaffee mit Zoë Ångström — ☕ 東京で会いましょう 🙂'.repeat(4);
    expect(Array.from(title).length).toBeLessThan(200);
    const text = serializeCalendar({ events: [aCoffee({ title })] });
    for (const line of physicalLines(text)) {
      expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
      expect(line).not.toContain('\uFFFD');
    }
    expect(physicalLines(text).filter((line) => line.startsWith(' ')).length).toBeGreaterThanOrEqual(5);
    expect(parseIcsEvents(Buffer.from(text, 'utf8'), WINDOW)[0]?.title).toBe(title);
  });

  test('folding keeps every code point whole, whatever its width', () => {
    for (const char of ['a', 'é', '東', '🙂']) {
      const folded = foldLine(`SUMMARY:${char.repeat(100)}`);
      const parts = folded.split('\r\n');
      for (const part of parts) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
      expect(parts.map((part, i) => (i === 0 ? part : part.slice(1))).join('')).toBe(`SUMMARY:${char.repeat(100)}`);
    }
  });

  test('TEXT escaping covers backslash, semicolon, comma and every line break', () => {
    expect(escapeText('a\\b;c,d\r\ne\rf\ng\u0007')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng');
  });

  test('the document has CRLF line ends, the method, the calendar name, a stamp and a sequence', () => {
    const text = serializeCalendar({ method: 'CANCEL', name: 'Rapport, suggestions', events: [aCoffee({ status: 'cancelled', sequence: 2 })] });
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(text).toContain('\r\nMETHOD:CANCEL\r\n');
    expect(text).toContain('\r\nX-WR-CALNAME:Rapport\\, suggestions\r\n');
    expect(text).toContain('\r\nDTSTAMP:20270302T100000Z\r\n');
    expect(text).toContain('\r\nSEQUENCE:2\r\n');
    expect(text).toContain('\r\nSTATUS:CANCELLED\r\n');
    expect(parseIcsEvents(text, WINDOW)[0]?.status).toBe('cancelled');
  });
});
