import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { followUpDraft, mailtoUrlOf } from '../../../lib/core/domain/follow-up-draft.js';

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
