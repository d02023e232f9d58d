import { isProviderMeeting, isVideoLink, meetingKindOf, meetingPlaceOf, providerMeetingName, type MeetingPlace, type ProviderMeeting } from '../core/domain/meeting-place.js';
import type { Proposal } from '../core/domain/proposal.js';
import type { CreatedEvent } from '../core/ports/calendar.js';
import { coffeeSettingsOf, type UserSettings } from '../core/domain/settings.js';
import type { ConnectionKind } from '../core/ports/connections.js';
import type { Store } from '../core/ports/store.js';
import { writableCalendar, writableCalendarId, type CalendarDeps } from './availability.js';
import type { BookedProposal } from './booking-steps.js';
import { MeetingNotPossible } from './booking-errors.js';

/**
 * Which video meetings the user's calendars can make. Google Calendar makes Google Meet links
 * and Outlook makes Teams meetings, each only on its own events; Rapport's own calendar (the
 * ICS-only case) makes none, so choosing one there would promise guests a link that never comes.
 */

export function meetingMadeBy(kind: ConnectionKind | undefined): ProviderMeeting | undefined {
  if (kind === 'google') return 'google-meet';
  if (kind === 'microsoft') return 'teams';
  return undefined;
}

/** The meeting the connection `calendarId` makes with a coffee's event, if any. */
export async function meetingMadeOn(store: Pick<Store, 'connections'>, userId: string, calendarId: string): Promise<ProviderMeeting | undefined> {
  return meetingMadeBy((await store.connections.get(userId, calendarId))?.kind);
}

const CALENDAR_OF: Record<ProviderMeeting, string> = { 'google-meet': 'Google Calendar', teams: 'Outlook / Microsoft 365' };

/** Refuses settings that choose a provider meeting the user's writable calendar cannot make, saying what to do instead. */
export async function checkMeetingPossible(store: Store, userId: string, settings: UserSettings): Promise<void> {
  const kind = meetingKindOf(coffeeSettingsOf(settings));
  if (!isProviderMeeting(kind)) return;
  const made = await meetingMadeOn(store, userId, await writableCalendarId({ store }, userId));
  if (made === kind) return;
  const where = made ? `your coffees go to your ${CALENDAR_OF[made]} calendar` : 'your coffees go to Rapport\u2019s own calendar';
  throw new MeetingNotPossible(
    `${providerMeetingName(kind)} links are made by ${CALENDAR_OF[kind]}, and ${where}. Connect ${CALENDAR_OF[kind]} first, or choose a place or your own video link.`,
  );
}

/** Where an offered coffee will be, as its booking page says: a provider meeting only if its calendar makes one. */
export async function offeredMeetingPlace(store: Pick<Store, 'connections'>, userId: string, proposal: Pick<Proposal, 'calendarId'>, settings: UserSettings): Promise<MeetingPlace> {
  const coffee = coffeeSettingsOf(settings);
  if (!isProviderMeeting(meetingKindOf(coffee))) return meetingPlaceOf(coffee, {});
  return meetingPlaceOf(coffee, { calendarMakes: await meetingMadeOn(store, userId, proposal.calendarId) });
}

/**
 * Keeps the link the provider made with a booked coffee's event. A provider's answer is
 * untrusted: only an https link is kept (it becomes a link on the guest's page).
 */
export async function keepMeetingLink(deps: Pick<CalendarDeps, 'store'>, userId: string, proposal: BookedProposal, created: CreatedEvent | void): Promise<string | undefined> {
  const url = created?.meetingUrl;
  if (!url || !isVideoLink(url)) return undefined;
  await deps.store.bookings.recordMeetingLink(userId, proposal.id, proposal.booking.eventId, url);
  return url;
}

/**
 * Where a booked coffee is, for its manage page. A provider meeting's link is normally kept at
 * booking; when it is not (the event was made by a later run after a crash, or the provider was
 * still making the meeting), it is read back from the calendar once and kept. A calendar that
 * cannot answer now leaves the link unknown, which the page says, rather than failing the page.
 */
export async function bookedMeetingPlace(deps: CalendarDeps, userId: string, proposal: BookedProposal, settings: UserSettings): Promise<MeetingPlace> {
  const coffee = coffeeSettingsOf(settings);
  const kind = meetingKindOf(coffee);
  if (!isProviderMeeting(kind)) return meetingPlaceOf(coffee, {});
  const calendarMakes = await meetingMadeOn(deps.store, userId, proposal.calendarId);
  let madeLink = proposal.booking.meetingUrl;
  if (!madeLink && calendarMakes === kind && proposal.booking.status === 'confirmed') {
    try {
      const writer = await writableCalendar(deps, userId, settings, proposal.calendarId);
      madeLink = await keepMeetingLink(deps, userId, proposal, { meetingUrl: await writer.meetingLinkOf?.(proposal.booking.eventId) });
    } catch (error) {
      deps.logger.warn('reading a coffee\'s meeting link back failed', { userId, proposalId: proposal.id, error });
    }
  }
  return meetingPlaceOf(coffee, { calendarMakes, ...(madeLink ? { madeLink } : {}) });
}
