import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { latestNotesByContact, newestFirst, noteSnippet, type Note } from '../../../lib/core/domain/notes.js';

const note = (id: string, contactEmail: string, createdAt: string, text = id): Note => ({ id, contactEmail, text, createdAt });

describe('latest notes', () => {
  it('keeps each contact’s newest notes, newest first, ties broken by id', () => {
    const notes = [
      note('a', 'ana@x.io', '2027-01-01T00:00:00.000Z'),
      note('c', 'ana@x.io', '2027-01-03T00:00:00.000Z'),
      note('b', 'ana@x.io', '2027-01-03T00:00:00.000Z'),
      note('d', 'bo@x.io', '2027-01-02T00:00:00.000Z'),
    ];
    expect(newestFirst(notes).map((n) => n.id)).toEqual(['c', 'b', 'd', 'a']);
    const latest = latestNotesByContact(notes);
    expect(latest.get('ana@x.io')?.map((n) => n.id)).toEqual(['c']);
    expect(latest.get('bo@x.io')?.map((n) => n.id)).toEqual(['d']);
    expect(latestNotesByContact(notes, 2).get('ana@x.io')?.map((n) => n.id)).toEqual(['c', 'b']);
  });

  it('a snippet is one line and never longer than asked', () => {
    expect(noteSnippet('moved to\n\nLisbon   now')).toBe('moved to Lisbon now');
    fc.assert(fc.property(fc.string({ maxLength: 1000 }), fc.integer({ min: 2, max: 200 }), (text, max) => {
      const snippet = noteSnippet(text, max);
      return snippet.length <= max && !/[\r\n]/.test(snippet);
    }));
  });
});
