import { cadenceDaysOf, effectiveDueAt } from '../../core/domain/cadence.js';
import { locationTextOf } from '../../core/domain/meeting-place.js';
import type { UserSettings } from '../../core/domain/settings.js';
import { formatLocal, formatLocalDate } from '../../core/domain/time.js';
import type { ClosedLoop } from '../../services/demo-loop.js';
import { toContactJson, toMeetingJson } from '../web/json-views.js';

/** What `rapport demo --book` adds to the demo's report: the `loop` key of its JSON, and its text. */

export function closedLoopJson(loop: ClosedLoop, settings: UserSettings) {
  const { booking, place, manageUrl } = loop.booked;
  return {
    contact: { email: loop.coffee.contactEmail, name: loop.coffee.contactName ?? null },
    proposalId: loop.coffee.proposalId,
    bookedAt: loop.bookedAt,
    sweptAt: loop.sweptAt,
    booking: {
      start: booking.start,
      end: booking.end,
      status: booking.status,
      eventId: booking.eventId,
      guest: { email: booking.guestEmail, name: booking.guestName ?? null },
      location: locationTextOf(place),
      manageUrl,
    },
    proposal: loop.proposal ? { id: loop.proposal.id, status: loop.proposal.status } : null,
    sweep: loop.sweep,
    meeting: loop.meeting ? toMeetingJson(loop.meeting) : null,
    before: toContactJson(loop.before, settings),
    after: toContactJson(loop.after, settings),
    outbox: loop.outbox.map((record) => ({
      id: record.message.id,
      kind: record.message.kind,
      to: record.message.to.email,
      subject: record.message.subject,
      status: record.status,
    })),
  };
}

export function printClosedLoop(loop: ClosedLoop, settings: UserSettings, out: (text: string) => void): void {
  const zone = settings.timeZone;
  const at = (instant: string) => formatLocal(instant, zone);
  const day = (instant: string | null | undefined) => (instant ? formatLocalDate(instant, zone) : '-');
  const due = (instant: string | null, now: string) => (instant === null ? 'not tracked' : `${day(instant)}${instant <= now ? ' (due)' : ''}`);
  const { booking } = loop.booked;
  const who = `${loop.coffee.contactName ?? loop.coffee.contactEmail} <${loop.coffee.contactEmail}>`;
  out('');
  out(`Closing the loop with ${who} (times in ${zone}):`);
  out(`  At ${at(loop.bookedAt)} the guest opens the link and books ${at(booking.start)}: ${booking.status}.`);
  out(`    Their confirmation page: ${loop.booked.manageUrl}`);
  out(`  Outbox (the demo sends no mail, so every message is kept there):`);
  for (const record of loop.outbox) out(`    ${record.status.padEnd(6)} ${record.message.kind.padEnd(11)} to ${record.message.to.email}: ${record.message.subject}`);
  out(`  The clock moves to ${at(loop.sweptAt)}, after the coffee; the sweep records ${loop.sweep.meetingsRecorded} meetings.`);
  out(
    loop.meeting
      ? `    The coffee is one of them, read back from Rapport's own calendar: ${at(loop.meeting.start)} with ${loop.meeting.with.join(', ')}.`
      : `    The coffee was not recorded as a meeting.`,
  );
  out(`  Proposal: ${loop.proposal?.status ?? 'gone'}.`);
  out(`  Last met: ${day(loop.before.lastMetAt)}  →  ${day(loop.after.lastMetAt)}`);
  const cadence = cadenceDaysOf(loop.after, settings);
  const every = cadence === null ? '' : `  (last met + ${cadence} days)`;
  out(`  Next due: ${due(effectiveDueAt(loop.before), loop.bookedAt)}  →  ${due(effectiveDueAt(loop.after), loop.sweptAt)}${every}`);
}
