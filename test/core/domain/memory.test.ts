import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { followUpDraft, mailtoUrlOf } from '../../../lib/core/domain/follow-up-draft.js';
import { holdDescription } from '../../../lib/core/domain/hold-description.js';
import { contactTimeline, latestNotesByContact, newestFirst, noteSnippet, type Intro, type Note } from '../../../lib/core/domain/memory.js';

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

describe('the contact timeline', () => {
  it('merges notes and log entries newest first, including entries that name the contact as the other person', () => {
    const intros: Intro[] = [
      { id: 'i1', contactEmail: 'jane@x.io', kind: 'introduced', otherEmail: 'omar@x.io', text: 'Jane to Omar', at: '2027-01-02T00:00:00.000Z', createdAt: '2027-01-02T00:00:00.000Z' },
      { id: 'i2', contactEmail: 'kim@x.io', kind: 'helped', text: 'not about Omar', at: '2027-01-04T00:00:00.000Z', createdAt: '2027-01-04T00:00:00.000Z' },
    ];
    const notes = [note('n1', 'omar@x.io', '2027-01-03T00:00:00.000Z'), note('n2', 'omar@x.io', '2027-01-01T00:00:00.000Z'), note('n3', 'jane@x.io', '2027-01-05T00:00:00.000Z')];
    const timeline = contactTimeline('Omar@x.io', notes, intros);
    expect(timeline.map((e) => (e.kind === 'note' ? e.note.id : e.intro.id))).toEqual(['n1', 'i1', 'n2']);
  });
});

describe('the follow-up draft', () => {
  it('greets by first name and names where they met', () => {
    const draft = followUpDraft({ email: 'nadia@lf.example', name: 'Nadia Hussein', firstMetAtTitle: 'London Founders Meetup – November' });
    expect(draft.subject).toBe('Good to meet you at London Founders Meetup – November');
    expect(draft.body.split('\n')[0]).toBe('Hi Nadia,');
    expect(draft.body).toContain('It was good to meet you at London Founders Meetup – November.');
    expect(followUpDraft({ email: 'x@y.example' }).subject).toBe('Good to meet you');
    expect(followUpDraft({ email: 'x@y.example', name: '<script>' }).body.startsWith('Hi,')).toBe(true);
  });

  it('a hostile title or name can add no header to the mailto URL and round-trips exactly', () => {
    const draft = followUpDraft({ email: 'sam@q.example', name: 'Sam&bcc=evil@x.io', firstMetAtTitle: 'Drinks?&cc=evil@x.io\r\nBcc: evil@x.io #1 100%' });
    const url = new URL(mailtoUrlOf(draft));
    expect([...url.searchParams.keys()]).toEqual(['subject', 'body']);
    expect(url.pathname).toBe('sam@q.example');
    expect(url.searchParams.get('subject')).toBe('Good to meet you at Drinks?&cc=evil@x.io Bcc: evil@x.io #1 100%');
    expect(url.searchParams.get('body')).toBe(draft.body.replace(/\n/g, '\r\n'));
  });

  it('for any name and title, the URL has exactly subject and body, decoding to the draft', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (name, title) => {
        const draft = followUpDraft({ email: 'a@b.example', name, firstMetAtTitle: title });
        const url = mailtoUrlOf(draft);
        const query = url.slice(url.indexOf('?') + 1).split('&');
        return (
          query.length === 2 &&
          query[0]!.startsWith('subject=') &&
          query[1]!.startsWith('body=') &&
          decodeURIComponent(query[0]!.slice(8)) === draft.subject &&
          decodeURIComponent(query[1]!.slice(5)) === draft.body.replace(/\n/g, '\r\n')
        );
      }),
    );
  });
});

describe('the hold description', () => {
  it('lists the latest notes after the booking link, one line each', () => {
    expect(holdDescription('Omar', 'https://r.example/book/t', ['moved\nto Lisbon', 'oat milk'])).toBe(
      'Rapport offered this time to Omar. Booking link to send: https://r.example/book/t\n\nYour notes about Omar (private, only on your calendar):\n- moved to Lisbon\n- oat milk',
    );
    expect(holdDescription('Omar', 'L', [])).toBe('Rapport offered this time to Omar. Booking link to send: L');
  });
});
