import { createHash } from 'node:crypto';
import { graphTime, type GraphEvent } from './wire.js';

/**
 * The Outlook calendar of `RAPPORT_MICROSOFT_FAKE=1`: the work mailbox of Alex Morgan, the
 * persona of examples/ (whose settings already list this address as Alex's own), with the
 * last week's meetings and one ahead. Like the sample calendar (sample-calendar.ts), it is
 * written once and re-dated to the current week: each event is a number of days before or
 * after today (UTC) at a fixed UTC time, so the past ones have always ended, whatever the hour.
 */

export const SAMPLE_MAILBOX = { email: 'alex@northwind.example', name: 'Alex Morgan' };

interface Person {
  name: string;
  email: string;
}

interface SampleEvent {
  key: string;
  subject: string;
  /** Days from today; negative is the past. */
  day: number;
  /** UTC wall time of the start. */
  at: string;
  minutes: number;
  /** Who organised it: Alex unless named. */
  organizer?: Person;
  /** Alex's own answer when someone else organised it. */
  myResponse?: 'accepted' | 'declined';
  guests: (Person & { response?: string; room?: boolean })[];
}

const INES = { name: 'Inês Carvalho', email: 'ines.carvalho@lisboa-ventures.example' };
const KENJI = { name: 'Kenji Watanabe', email: 'kenji@harborline.example' };
const NOOR = { name: 'Noor Haddad', email: 'noor.haddad@quillsecurity.example' };
const LUKAS = { name: 'Lukas Brandt', email: 'lukas.brandt@northwind.example' };
const INGRID = { name: 'Ingrid Solberg', email: 'ingrid.solberg@fernleaf.example' };
const CAMILLE = { name: 'Camille Laurent', email: 'camille@laurent-studio.example' };

/**
 * A 1:1 yesterday (a follow-up prompt), a lunch someone else organised, a group with a room,
 * a call Alex declined, a block with nobody else, and a coffee still ahead.
 */
const SAMPLE: SampleEvent[] = [
  { key: 'coffee-ines', subject: 'Coffee with Inês', day: -1, at: '09:30', minutes: 30, guests: [{ ...INES, response: 'accepted' }] },
  { key: 'lunch-kenji', subject: 'Lunch: Harborline partnership', day: -2, at: '12:00', minutes: 60, organizer: KENJI, myResponse: 'accepted', guests: [] },
  { key: 'design-review', subject: 'Fernleaf design review', day: -3, at: '14:00', minutes: 45, guests: [{ ...LUKAS, response: 'accepted' }, { ...INGRID, response: 'tentativelyAccepted' }, { name: 'Room 4.12', email: 'room-4.12@northwind.example', room: true }] },
  { key: 'intro-noor', subject: 'Intro call: security audit', day: -4, at: '16:00', minutes: 30, organizer: NOOR, myResponse: 'declined', guests: [] },
  { key: 'focus', subject: 'Focus: proposal writing', day: -5, at: '08:00', minutes: 180, guests: [] },
  { key: 'coffee-camille', subject: 'Coffee with Camille', day: 2, at: '10:00', minutes: 30, guests: [{ ...CAMILLE, response: 'accepted' }] },
];

/** Stable for one event on one date: a restart on another day adds meetings rather than moving recorded ones. */
function idsOf(key: string, date: string): { id: string; iCalUId: string } {
  const hash = createHash('sha256').update(`${key}|${date}`).digest('hex').toUpperCase();
  return { id: `AAMkADsample${hash.slice(0, 40)}`, iCalUId: `040000008200E00074C5B7101A82E008${hash.slice(0, 48)}` };
}

function eventOf(sample: SampleEvent, now: string): GraphEvent {
  const day = new Date(Date.parse(now.slice(0, 10)) + sample.day * 86_400_000).toISOString().slice(0, 10);
  const start = `${day}T${sample.at}:00.000Z`;
  const end = new Date(Date.parse(start) + sample.minutes * 60_000).toISOString();
  const me = { emailAddress: { address: SAMPLE_MAILBOX.email, name: SAMPLE_MAILBOX.name } };
  const invitedBy = sample.organizer;
  return {
    ...idsOf(sample.key, day),
    subject: sample.subject,
    start: { dateTime: graphTime(start), timeZone: 'UTC' },
    end: { dateTime: graphTime(end), timeZone: 'UTC' },
    isAllDay: false,
    isCancelled: false,
    showAs: 'busy',
    type: 'singleInstance',
    responseStatus: { response: invitedBy ? (sample.myResponse ?? 'accepted') : 'organizer' },
    organizer: invitedBy ? { emailAddress: { address: invitedBy.email, name: invitedBy.name } } : me,
    // Graph lists the invitees, not the organizer: Alex is one when someone else organised it.
    attendees: [
      ...(invitedBy ? [{ type: 'required' as const, status: { response: sample.myResponse ?? 'accepted' }, ...me }] : []),
      ...sample.guests.map((guest) => ({
        type: guest.room ? ('resource' as const) : ('required' as const),
        status: { response: guest.response ?? 'none' },
        emailAddress: { address: guest.email, name: guest.name },
      })),
    ],
  };
}

/** The sample's events, dated around `now`. */
export function sampleMailbox(now: string): GraphEvent[] {
  return SAMPLE.map((sample) => eventOf(sample, now));
}
