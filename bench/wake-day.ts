import { SCHEDULE_MINUTES } from '../infra/lambda-functions.js';
import { SUBSCRIPTION_MINUTES } from '../lib/adapters/calendars/microsoft/push.js';
import { CHANNEL_LIFETIME_MS } from '../lib/services/google-push.js';
import { mayBecomeMeeting } from '../lib/core/domain/sync-plan.js';
import { digestDue, followUpMailDue } from '../lib/core/domain/mail/mail-schedule.js';
import type { CalendarEvent } from '../lib/core/domain/event.js';
import type { Connection } from '../lib/core/ports/connections.js';
import { leftUnreadBySweep } from '../lib/core/domain/read-schedule.js';
import { renewPushAt } from '../lib/core/domain/push-renewal.js';
import { nextSweepAt } from '../lib/core/domain/sweep-wake.js';
import { BENCH_NOW, SETTINGS, TYPICAL, weekOfEvents } from './workload.js';

/**
 * How many sweeps the typical user's week takes, by the stack's own rules: the tick every
 * SCHEDULE_MINUTES.sweep, and the wake rule of core/domain/sweep-wake.ts over the typical week's
 * events on calendars push keeps current (one Google, one Outlook, as the KMS line assumes a
 * provider user). Each sweep moves what a real one moves: the safety read's sync time, the
 * next-end marker, the push channel renewed when due. Pulls (owed mail, a booking's step) are
 * added by the cost model, one sweep each.
 */

const DAY_MS = 86_400_000;
const SWEEP_MS = SCHEDULE_MINUTES.sweep * 60_000;
/** Graph subscriptions and Google channels as the push code asks for them. */
const PUSH_LIFETIME_MS = { microsoft: SUBSCRIPTION_MINUTES * 60_000, google: CHANNEL_LIFETIME_MS } as const;

export interface WakeWeek {
  /** Sweeps a day, averaged over the week. */
  sweepsPerDay: number;
  /** Of them, sweeps after an event ended (inference runs). */
  inferringPerDay: number;
  /** Calendars whose next-end marker an inferring sweep moves, on average. */
  markersPerInferringSweep: number;
  /** Of them, sweeps in the follow-up email's or the digest's local hour (each checks the outbox and what to say). */
  mailChecksPerDay: number;
  /** Calendars read a day by safety reads (each writes its sync time). */
  safetyReadsPerDay: number;
}

export function typicalWakeWeek(): WakeWeek {
  const start = Date.parse(BENCH_NOW);
  const end = start + 7 * DAY_MS;
  const kinds = ['google', 'microsoft'] as const;
  // The typical week's events (and the next week's, for the ends after it), dealt out among the calendars.
  const weeks = [weekOfEvents(new Date(end).toISOString(), 7000), weekOfEvents(new Date(end + 7 * DAY_MS).toISOString(), 7100)].flat().filter(mayBecomeMeeting);
  const events: CalendarEvent[][] = Array.from({ length: TYPICAL.calendars }, (_, c) => weeks.filter((_, i) => i % TYPICAL.calendars === c));
  const nextEnd = (c: number, after: number) => {
    const ends = events[c]!.map((e) => Date.parse(e.end)).filter((ms) => ms > after);
    return ends.length ? new Date(Math.min(...ends)).toISOString() : undefined;
  };
  let connections: Connection[] = Array.from({ length: TYPICAL.calendars }, (_, c) => {
    const kind = kinds[c % kinds.length]!;
    return {
      id: `cal${c}`,
      kind,
      label: kind,
      cursor: 'cursor',
      status: 'ok',
      createdAt: BENCH_NOW,
      lastSyncAt: BENCH_NOW,
      endIndexed: true,
      ...(kind === 'google' && { calendars: [{ id: 'primary', label: 'Me', primary: true, counts: true }] }),
      push: { id: `push-${c}`, expiresAt: new Date(start + PUSH_LIFETIME_MS[kind] / 2).toISOString() },
      ...(nextEnd(c, start) && { nextEndAt: nextEnd(c, start) }),
    } as Connection;
  });

  let wakeAt = nextSweepAt({ now: BENCH_NOW, connections, settings: SETTINGS, workLeft: false });
  const counts = { sweeps: 0, inferring: 0, markers: 0, mailChecks: 0, safetyReads: 0 };
  for (let t = start + SWEEP_MS; t < end; t += SWEEP_MS) {
    if (Date.parse(wakeAt) > t) continue;
    const now = new Date(t).toISOString();
    counts.sweeps++;
    const runOut = connections.filter((c) => c.nextEndAt !== undefined && Date.parse(c.nextEndAt) <= t).length;
    if (runOut > 0) counts.inferring++;
    counts.markers += runOut;
    if (digestDue(SETTINGS, now) || followUpMailDue(SETTINGS, now)) counts.mailChecks++;
    const unread = leftUnreadBySweep(connections, now);
    connections = connections.map((connection, c) => {
      const read = !unread.has(connection.id);
      if (read) counts.safetyReads++;
      const kind = connection.kind as 'google' | 'microsoft';
      const renewal = renewPushAt(connection);
      const renew = renewal !== undefined && renewal <= t;
      const marker = nextEnd(c, t);
      const { nextEndAt: _old, ...rest } = connection;
      return {
        ...rest,
        ...(read && { lastSyncAt: now }),
        ...(renew && { push: { id: connection.push!.id, expiresAt: new Date(t + PUSH_LIFETIME_MS[kind]).toISOString() } }),
        ...(marker && { nextEndAt: marker }),
      };
    });
    wakeAt = nextSweepAt({ now, connections, settings: SETTINGS, workLeft: false });
  }
  return {
    sweepsPerDay: counts.sweeps / 7,
    inferringPerDay: counts.inferring / 7,
    markersPerInferringSweep: counts.inferring ? counts.markers / counts.inferring : 0,
    mailChecksPerDay: counts.mailChecks / 7,
    safetyReadsPerDay: counts.safetyReads / 7,
  };
}
