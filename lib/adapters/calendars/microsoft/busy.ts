import type { Client } from '@microsoft/microsoft-graph-client';
import type { BusyInterval, TimeWindow } from '../../../core/domain/busy-time.js';
import { CalendarUnavailable } from '../../../core/ports/calendar.js';
import { callGraph } from './errors.js';
import { busyOfScheduleItems, graphTimeOf, PREFER_UTC, type GraphDateTime } from './mapping.js';

/**
 * Free/busy of the user's own mailbox with getSchedule. getSchedule answers busy times without
 * ids, so Rapport's own holds are recognised by their exact times among the slots its open
 * proposals offered on this calendar; a booking then ignores its own holds.
 */

/** getSchedule takes windows under 62 days. */
const SCHEDULE_CHUNK_MS = 61 * 86_400_000;

/** A slot an open proposal offered on this calendar, where Rapport put a hold. */
export interface OfferedSlot {
  start: string;
  end: string;
  proposalId: string;
}

export interface BusyReaderOptions {
  client: Client;
  /** The mailbox's address when known; otherwise asked of /me. */
  account?: string;
  /** The slots open proposals offered on this calendar, read after the schedule. */
  offeredSlots: () => Promise<OfferedSlot[]>;
}

interface ScheduleAnswer {
  value: { scheduleId: string; scheduleItems?: { status?: string; start?: GraphDateTime; end?: GraphDateTime }[]; error?: { message?: string } }[];
}

export async function readMicrosoftBusy(options: BusyReaderOptions, window: TimeWindow): Promise<BusyInterval[]> {
  const { client } = options;
  const address = options.account ?? ((await callGraph(() => client.api('/me').select('mail,userPrincipalName').get())) as { mail?: string; userPrincipalName: string }).mail;
  if (!address) throw new CalendarUnavailable('The Microsoft account has no mailbox address');
  const busy: BusyInterval[] = [];
  for (const chunk of scheduleChunks(window)) {
    const answer = (await callGraph(() =>
      client
        .api('/me/calendar/getSchedule')
        .header('Prefer', PREFER_UTC)
        .post({ schedules: [address], startTime: graphTimeOf(chunk.from), endTime: graphTimeOf(chunk.to), availabilityViewInterval: 30 }),
    )) as ScheduleAnswer;
    const schedule = answer.value[0];
    if (!schedule || schedule.error) throw new CalendarUnavailable(`Outlook free/busy failed: ${schedule?.error?.message ?? 'no schedule returned'}`);
    busy.push(...busyOfScheduleItems(schedule.scheduleItems ?? []));
  }
  return tagHolds(busy, await options.offeredSlots());
}

/** The window cut into pieces getSchedule accepts. */
export function scheduleChunks(window: TimeWindow): TimeWindow[] {
  const chunks: TimeWindow[] = [];
  let from = Date.parse(window.from);
  const to = Date.parse(window.to);
  while (from < to) {
    const end = Math.min(to, from + SCHEDULE_CHUNK_MS);
    chunks.push({ from: new Date(from).toISOString(), to: new Date(end).toISOString() });
    from = end;
  }
  return chunks;
}

/** A busy interval at exactly an offered slot's times is that slot's hold. */
function tagHolds(busy: BusyInterval[], offered: OfferedSlot[]): BusyInterval[] {
  const held = new Map(offered.map((slot) => [slotKey(slot.start, slot.end), slot.proposalId]));
  return busy.map((b) => {
    const proposalId = held.get(slotKey(b.start, b.end));
    return proposalId ? { ...b, proposalId } : b;
  });
}

function slotKey(start: string, end: string): string {
  return `${new Date(start).toISOString()}|${new Date(end).toISOString()}`;
}
