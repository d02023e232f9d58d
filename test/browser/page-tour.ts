import type { Contact } from '../../lib/core/domain/contact.js';
import { addNote, logIntro } from '../../lib/services/notes.js';
import { syncUser } from '../../lib/services/sync.js';
import { dueContact, NOW, postJson, startBookingWorld, type BookingWorld } from '../edge/web/booking-scenario.js';

/**
 * One host with something on every page, for the browser tests that visit them all: due
 * contacts, a person just met at an event, a contact with a very long address (the usual cause
 * of sideways scrolling on a phone), notes and a log entry, an open booking link, a booked
 * coffee with its manage link, and the invitation Rapport wrote for it.
 */

/** Long enough that nothing fits 375 px unless the page lets it wrap. */
export const LONG_EMAIL = 'maximilian.featherstonehaugh-worthington@international-consultancy-partners.example';

const longNamed: Contact = { ...dueContact(LONG_EMAIL, 'Maximilian Featherstonehaugh-Worthington'), tier: 'keep-warm' };

/** Met yesterday at a big event, in no tier yet: a follow-up prompt and a "new" contact. */
const justMet: Contact = {
  email: 'ines@lisbon-founders.example',
  name: 'Inês Carvalho',
  tier: null,
  firstMetAt: '2026-11-22T18:00:00.000Z',
  firstMetAtTitle: 'Lisbon Founders Evening',
  nextDueAt: null,
  ignored: false,
};

export interface PageTour {
  world: BookingWorld;
  /** Every page a person can open, by name, as a path on the test server. */
  paths: Record<string, string>;
}

export async function startPageTour(): Promise<PageTour> {
  const world = await startBookingWorld();
  const { runtime, userId } = world.app;
  const open = await world.propose('omar@example.com', 'Omar <i>Haddad</i>');
  const booked = await world.propose(LONG_EMAIL, 'Maximilian Featherstonehaugh-Worthington');
  const answer = (await (await postJson(booked.link, { start: booked.slots[0]!.start, name: 'Max F.-W.' })).json()) as { manageUrl: string };
  await runtime.store.contacts.putMany(userId, [longNamed, justMet, dueContact('jane@example.com', 'Jane <b>Doe</b>')]);
  await addNote(runtime.store, userId, LONG_EMAIL, { text: `Moving to Lisbon in spring; ask about the new office at ${'https://example.com/a/very/long/path/without/any/spaces/in/it'}` }, NOW);
  await logIntro(runtime.store, userId, LONG_EMAIL, { kind: 'introduced', otherEmail: 'jane@example.com', text: 'Introduced to Jane about the design role' }, NOW);
  await syncUser(runtime, userId, NOW);
  const path = (url: string) => new URL(url).pathname;
  return {
    world,
    paths: {
      dashboard: '/app',
      settings: '/app/settings',
      review: '/app/review',
      contact: `/app/contacts/${encodeURIComponent(LONG_EMAIL)}`,
      booking: path(open.link),
      manage: path(answer.manageUrl),
      'dashboard error': '/app/contacts/nobody%40example.com',
      'guest error': '/book/not-a-real-link',
    },
  };
}
