import { describe, expect, it } from 'vitest';
import { contactTimeline } from '../../../lib/core/domain/contact-timeline.js';
import type { Intro } from '../../../lib/core/domain/introductions.js';
import type { Note } from '../../../lib/core/domain/notes.js';

const note = (id: string, contactEmail: string, createdAt: string, text = id): Note => ({ id, contactEmail, text, createdAt });

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
