import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordMeetings } from '../../../lib/core/domain/cadence.js';
import type { Contact, Meeting } from '../../../lib/core/domain/contact.js';
import { aMeetingArb, shuffled } from './arbitraries.js';
import { someSettings } from './builders.js';

const settings = someSettings({ tierByEmail: { 'bo@people.example': 'close' } });
const meetingLists = fc.array(aMeetingArb, { maxLength: 15 });

/** The contacts after recording `batches` one after another, by email. */
function recordInBatches(batches: readonly (readonly Meeting[])[], start = new Map<string, Contact>()): Map<string, Contact> {
  const contacts = new Map(start);
  for (const batch of batches) for (const contact of recordMeetings(contacts, batch, settings)) contacts.set(contact.email, contact);
  return contacts;
}

describe('recordMeetings invariants', () => {
  it('recording the same meetings twice changes nothing the second time, whatever came before', () => {
    fc.assert(
      fc.property(meetingLists, meetingLists, (history, meetings) => {
        const contacts = recordInBatches([history, meetings]);
        expect(recordMeetings(contacts, meetings, settings)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('the order meetings arrive in never changes the contacts', () => {
    fc.assert(
      fc.property(meetingLists.chain((ms) => fc.tuple(fc.constant(ms), shuffled(ms))), ([meetings, reordered]) => {
        expect(recordMeetings(new Map(), reordered, settings)).toEqual(recordMeetings(new Map(), meetings, settings));
      }),
      { numRuns: 300 },
    );
  });

  it('recording in batches, in any order, gives the same contacts as recording all at once', () => {
    const split = meetingLists.chain((ms) => fc.tuple(fc.constant(ms), fc.nat(ms.length), fc.nat(ms.length)));
    fc.assert(
      fc.property(split, ([meetings, a, b]) => {
        const [i, j] = a < b ? [a, b] : [b, a];
        const inThree = recordInBatches([meetings.slice(j), meetings.slice(0, i), meetings.slice(i, j)]);
        expect(inThree).toEqual(recordInBatches([meetings]));
      }),
      { numRuns: 300 },
    );
  });

  it('last met never moves back and first met never moves forward', () => {
    fc.assert(
      fc.property(meetingLists, meetingLists, (earlier, later) => {
        const before = recordInBatches([earlier]);
        const after = recordInBatches([later], before);
        for (const [email, contact] of before) {
          const now = after.get(email)!;
          if (contact.lastMetAt) expect(Date.parse(now.lastMetAt!)).toBeGreaterThanOrEqual(Date.parse(contact.lastMetAt));
          expect(Date.parse(now.firstMetAt!)).toBeLessThanOrEqual(Date.parse(contact.firstMetAt!));
        }
      }),
    );
  });
});
