import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, shortHash } from '../../../../lib/adapters/calendars/microsoft/cursor.js';

/** The Outlook cursor: the delta link and the Graph id → instance key map, opaque to sync. */

describe('Outlook cursor', () => {
  it('reads back what it wrote', () => {
    const cursor = { v: 1 as const, link: 'https://graph.microsoft.com/v1.0/me/calendarView/delta?$deltatoken=abc', ids: { [shortHash('AAMk1')]: shortHash('uid-1') } };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it('starts over (undefined) on no cursor, garbage, another adapter’s cursor or another version', () => {
    expect(decodeCursor(null)).toBeUndefined();
    expect(decodeCursor('not json')).toBeUndefined();
    expect(decodeCursor(JSON.stringify({ v: 1, tokens: { primary: 't' }, coveredTo: '2026-12-01T00:00:00.000Z' }))).toBeUndefined();
    expect(decodeCursor(JSON.stringify({ v: 2, link: 'x', ids: {} }))).toBeUndefined();
  });

  it('keeps ids short: twelve url-safe characters, the same for the same id', () => {
    expect(shortHash('AAMkAGI2TG93AAA=')).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(shortHash('AAMkAGI2TG93AAA=')).toBe(shortHash('AAMkAGI2TG93AAA='));
  });
});
