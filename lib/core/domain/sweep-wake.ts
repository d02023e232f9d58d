import { nextScheduledMailAt } from './mail/mail-schedule.js';
import { renewPushAt } from './push-renewal.js';
import type { UserSettings } from './settings.js';
import type { Connection } from '../ports/connections.js';
import { PUSH_SAFETY_READ_MS, coveredByPush } from './read-schedule.js';
import { SWEEP_AT_LEAST_EVERY_MS } from './sweep-pulls.js';

/**
 * When a user next needs the sweep, as a pure function of what the sweep just saw. The tick
 * fires every 15 minutes but enqueues only users whose time has come (adapters/store/wake.ts),
 * so a user whose calendars push and who has nothing ending costs a few sweeps a day (the
 * safety reads, the follow-up email's hour, one for each message sent), not 96. What sets the time:
 *
 * - a calendar the sweep polls (a feed, a calendar without push, one that failed): the next tick;
 * - a push-covered calendar: its twelve-hourly safety read (shared by the user's calendars),
 *   and its channel's renewal;
 * - an hour after the end of the next event that may become a meeting (inference runs then,
 *   over every event that ended since: a day of back-to-back meetings takes a sweep every
 *   hour or two, not one per meeting);
 * - a booking step or owed mail this sweep could not finish: the next tick; a message owed
 *   later (a retry, an attempt's lease): then;
 * - the user's next scheduled email (the digest's or the follow-up's local hour);
 * - and at the latest {@link SWEEP_AT_LEAST_EVERY_MS} from now, whatever else says.
 *
 * Work created between sweeps wakes the user itself (a "pull": a booking's step marker, an
 * owed message, a connection or settings written, a notified sync that stored an earlier end
 * or could not read), so nothing here needs to foresee it; the cap bounds what a lost pull could delay.
 */

/**
 * How soon after its end a meeting is recorded, at the latest: a sweep for each end would cost
 * a sweep per meeting; within the hour gathers the ends of a busy day (bench: cost model), and
 * nothing that reads meetings (the next-morning follow-up, the weekly digest) needs them sooner.
 */
export const INFERENCE_WITHIN_MS = 60 * 60_000;

export interface WakeInputs {
  now: string;
  /** The user's connections as this sweep left them. */
  connections: readonly Connection[];
  settings?: UserSettings | null;
  /** Booking steps or owed mail this sweep could not finish. */
  workLeft: boolean;
  /** When the next message falls owed (a retry not yet due, an attempt whose lease runs). */
  mailOwedAt?: string;
}

export function nextSweepAt({ now, connections, settings, workLeft, mailOwedAt }: WakeInputs): string {
  const nowMs = Date.parse(now);
  let at = nowMs + SWEEP_AT_LEAST_EVERY_MS;
  const by = (ms: number) => {
    if (!Number.isNaN(ms)) at = Math.min(at, ms);
  };
  if (workLeft) by(nowMs);
  if (mailOwedAt !== undefined) by(Date.parse(mailOwedAt));
  for (const connection of connections) {
    if (connection.nextEndAt !== undefined) by(Date.parse(connection.nextEndAt) + INFERENCE_WITHIN_MS);
    if (connection.lastSyncAt === undefined) by(nowMs);
    // Rapport's own calendar changes only by Rapport's writes, which wake the sweep themselves;
    // one that needs the user to sign in again waits for them (reconnecting wakes it).
    if (connection.kind === 'rapport' || connection.status === 'needs-reconnect') continue;
    if (!coveredByPush(connection, now)) {
      by(nowMs);
      continue;
    }
    by(Date.parse(connection.lastSyncAt!) + PUSH_SAFETY_READ_MS);
    const renewal = renewPushAt(connection);
    if (renewal !== undefined) by(renewal);
  }
  const mail = settings ? scheduledMailAt(settings, now) : null;
  if (mail) by(Date.parse(mail));
  return new Date(Math.max(at, nowMs)).toISOString();
}

/** The next scheduled email's time; settings the mail rules cannot read (an unknown zone) send none. */
function scheduledMailAt(settings: UserSettings, now: string): string | null {
  try {
    return nextScheduledMailAt(settings, now);
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}
