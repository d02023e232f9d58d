import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CalendarEvent } from '../lib/core/domain/event.js';
import { bookingDepsOf } from '../lib/services/deps.js';
import { bookCoffee } from '../lib/services/booking.js';
import { proposeForUser } from '../lib/services/propose.js';
import { RAPPORT_CALENDAR_ID } from '../lib/services/availability.js';
import { syncUser } from '../lib/services/sync.js';
import { mailDepsOf } from '../lib/services/deps.js';
import { sendScheduledMail } from '../lib/services/scheduled-mail.js';
import { sweepUser } from '../lib/edge/cloud/sweep-job.js';
import { createDynamoDbClient } from '../lib/adapters/store/client.js';
import type { ConsumedUnits } from '../lib/adapters/store/context.js';
import { silentLogger } from '../lib/runtime/log.js';
import { createRuntime, setRuntime, type Runtime } from '../lib/runtime/runtime.js';
import { startSesFake } from '../lib/local/ses-fake/server.js';
import { openBenchWorld } from './local-world.js';
import { DEFAULT_COFFEE_SETTINGS } from '../lib/core/domain/coffee.js';
import { sweepShardOf } from '../lib/core/domain/schedule.js';
import type { WorkMessage } from '../lib/adapters/queue/messages.js';
import { enqueueSweeps } from '../lib/services/tick.js';
import { mailsPerDay } from './mail-volume.js';
import { typicalWakeWeek } from './wake-day.js';
import { median } from './stats.js';
import { transactionWriteUnits } from './transaction-units.js';
import { round, type SectionResult } from './report.js';
import { BENCH_NOW, SETTINGS, TYPICAL, typicalContacts, weekOfEvents } from './workload.js';

/**
 * Section 2: DynamoDB capacity per user per day for the typical user, counted from what
 * DynamoDB Local reports (`ReturnConsumedCapacity: TOTAL`), and every command sent checked
 * for scans. Each run is the cloud's whole job (the sweep job: owed bookings and mail, sync,
 * push upkeep, scheduled mail, the next sweep time) on a runtime whose every store request is
 * counted. A day: the sweeps the wake rule gives the typical week (bench/wake-day.ts: some
 * follow a meeting's end, some are safety reads or in the email hours), one sync of the day's
 * changes, one sweep for each pull (a message, a booking's step), the tick's reads of the
 * wake times, one proposal run (the week's new proposals spread over its days), a seventh of
 * the week's booking and of the weekly digest.
 */

const CHANGED_EVENTS_PER_DAY = Math.round((TYPICAL.meetingsPerWeek + TYPICAL.otherEventsPerWeek) / 5);
/** Writes a run may spend whatever changed: the connection's sync state, proposal bookkeeping. */
const WRITE_CONSTANT_PER_RUN = 5;
/** Users whose schedule entries the tick reads in the measurement of its units per user. */
const TICK_USERS = 400;
const DAY_MS = 86_400_000;

function icsOf(events: CalendarEvent[]): string {
  const stamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Rapport bench//EN'];
  for (const e of events) {
    lines.push('BEGIN:VEVENT', `UID:${e.uid}`, 'DTSTAMP:20270101T000000Z', `DTSTART:${stamp(e.start)}`, `DTEND:${stamp(e.end)}`, `SUMMARY:${e.title ?? ''}`);
    if (e.kind === 'focus') lines.push('TRANSP:TRANSPARENT');
    for (const a of e.attendees) lines.push(`ATTENDEE;PARTSTAT=ACCEPTED;CUTYPE=INDIVIDUAL:mailto:${a.email}`);
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return `${lines.join('\r\n')}\r\n`;
}

interface Tally {
  read: number;
  write: number;
  commands: Map<string, number>;
  /** Write units by store operation, e.g. `events.putMany`. */
  writesByOp: Map<string, number>;
  /** Read units by store operation, e.g. `contacts.list`. */
  readsByOp: Map<string, number>;
}

/** The last run's units per user per day, for the cost model. */
export let dayUnits = {
  read: 0,
  write: 0,
  /** Sweep runs a day under the wake rule (the day's change sync and the pulls' sweeps included). */
  sweepsPerDay: 0,
  inferringSweepsPerDay: 0,
  /** Sweeps a day that do only an unchanged sweep's work (for another cadence's comparison). */
  unchangedSweepsPerDay: 0,
  /** The tick's read units per user a day (the schedule index and the wake times, every tick). */
  tickReadPerDay: 0,
  /** CPU time and DynamoDB requests of one run: the model bills a run as its CPU plus a round trip per request. */
  unchangedSweep: { cpuMs: 0, requests: 0, read: 0, write: 0 },
  inferringSweep: { cpuMs: 0, requests: 0 },
  proposalRun: { cpuMs: 0, requests: 0 },
  /** Write units one sent message costs in the outbox (recorded, claimed, marked sent), measured on the booking's mail. */
  mailWritesPerMessage: 0,
};

/** CPU milliseconds (user + system) spent by `work`, beside its result. */
async function withCpu<T>(work: () => Promise<T>): Promise<{ result: T; cpuMs: number }> {
  const before = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(before);
  return { result, cpuMs: (used.user + used.system) / 1000 };
}

const requestsOf = (t: Tally) => [...t.commands.values()].reduce((a, b) => a + b, 0);

export async function benchDynamoUnits(): Promise<SectionResult> {
  const bench = await openBenchWorld(BENCH_NOW);
  const base = bench.runtime;
  // Mail goes out through SES as in the cloud (the local wire-format fake): with a transport, every
  // sweep also asks whether mail is owed, and the digest is sent and marked, as it is there.
  const ses = await startSesFake();
  try {
    const tally: Tally = { read: 0, write: 0, commands: new Map(), writesByOp: new Map(), readsByOp: new Map() };
    const client = createDynamoDbClient({ endpoint: base.config.dynamoDbEndpoint, region: base.config.region });
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const name = String(context.commandName);
        tally.commands.set(name, (tally.commands.get(name) ?? 0) + 1);
        const result = await next(args);
        // DynamoDB Local reports a flat figure for a transaction: counted as DynamoDB bills it.
        if (name === 'TransactWriteItemsCommand') {
          const units = transactionWriteUnits(args.input as Parameters<typeof transactionWriteUnits>[0]);
          (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity = [{ CapacityUnits: units, WriteCapacityUnits: units }];
        }
        return result;
      },
      { step: 'initialize', name: 'rapportBenchCommandCounter' },
    );
    const onConsumedCapacity = (reported: ConsumedUnits) => {
      // DynamoDB Local reports nothing for a read that finds nothing; DynamoDB bills such a
      // read too, at least half a unit (eventually consistent; a strongly consistent one, one).
      const u = reported.read === 0 && reported.write === 0 ? { ...reported, read: 0.5 } : reported;
      tally.read += u.read;
      tally.write += u.write;
      if (u.write > 0) tally.writesByOp.set(u.op, (tally.writesByOp.get(u.op) ?? 0) + u.write);
      if (u.read > 0) tally.readsByOp.set(u.op, (tally.readsByOp.get(u.op) ?? 0) + u.read);
    };
    // The whole runtime counts: the store, the mailer's outbox and Rapport's own calendar all share it.
    const config = { ...base.config, mail: { ...base.config.mail, ses: { endpoint: ses.url } } };
    const counted: Runtime = { ...createRuntime(config, { client, onConsumedCapacity }), logger: silentLogger };
    /** The counted runtime at `instant` (installed, so the clock every part reads is this one). */
    const runtimeAt = (instant: string): Runtime => {
      const runtime = { ...counted, now: () => instant };
      setRuntime(runtime);
      return runtime;
    };
    const runtime = runtimeAt(BENCH_NOW);
    const { store } = runtime;
    const userId = base.config.localUserId;

    // Two calendars with 8 weeks of history and the week ahead; 300 contacts from earlier syncs.
    const folder = mkdtempSync(join(tmpdir(), 'rapport-bench-cal-'));
    const weeks = (c: number) => Array.from({ length: 9 }, (_, w) => weekOfEvents(new Date(Date.parse(BENCH_NOW) - (7 - w) * 7 * 86_400_000).toISOString(), 1000 * c + w)).flat();
    const files = [0, 1].map((c) => {
      const path = join(folder, `calendar-${c}.ics`);
      writeFileSync(path, icsOf(weeks(c)));
      return path;
    });
    await store.profiles.put(userId, SETTINGS);
    for (const [i, source] of files.entries()) await store.connections.create(userId, { id: `cal${i}`, kind: 'ics', label: `Calendar ${i}`, source, cursor: null, status: 'ok', createdAt: BENCH_NOW });
    await store.connections.create(userId, { id: RAPPORT_CALENDAR_ID, kind: 'rapport', label: 'Rapport', cursor: null, status: 'ok', createdAt: BENCH_NOW });
    await store.contacts.putMany(userId, typicalContacts(BENCH_NOW));
    await syncUser(runtime, userId, BENCH_NOW);

    const reset = () => {
      const snapshot = { read: tally.read, write: tally.write, commands: new Map(tally.commands), writesByOp: new Map(tally.writesByOp), readsByOp: new Map(tally.readsByOp) };
      tally.read = 0;
      tally.write = 0;
      tally.commands.clear();
      tally.writesByOp.clear();
      tally.readsByOp.clear();
      return snapshot;
    };
    reset();

    /** A run's units with the sweep after it, beyond what an unchanged sweep costs anyway. */
    const beyondUnchanged = (run: Tally, sweep: Tally): Tally => ({ ...run, read: run.read + sweep.read - unchanged.read, write: run.write + sweep.write - unchanged.write });
    const at = (minutes: number) => new Date(Date.parse(BENCH_NOW) + minutes * 60_000).toISOString();
    // An unchanged sweep (the scheduled round: half-done bookings finished, then sync, the next time): a safety read, an email hour, a pull.
    await sweepUser(runtimeAt(at(1)), userId);
    const unchanged = reset();
    // Its CPU: the median of 21 more, as a warm container runs them (the first pays for JIT compilation).
    const unchangedCpu: number[] = [];
    for (let i = 0; i < 21; i++) unchangedCpu.push((await withCpu(() => sweepUser(runtimeAt(new Date(Date.parse(at(1)) + (i + 1) * 1000).toISOString()), userId))).cpuMs);
    const unchangedRun = { cpuMs: median(unchangedCpu) };
    reset();
    // The sweep that sees the day's changes: new events in the week ahead on the first calendar,
    // at an instant when no stored event has ended, so only the change itself is paid for.
    const extra = weekOfEvents(at(7 * 24 * 60), 9_999).slice(0, CHANGED_EVENTS_PER_DAY);
    writeFileSync(files[0]!, icsOf([...weeks(0), ...extra]));
    utimesSync(files[0]!, new Date(), new Date(Date.now() + 1000));
    await sweepUser(runtimeAt(at(2)), userId);
    const changed = reset();
    // A sweep just after a stored event ended: inference runs and records the meeting.
    const markers = (await store.connections.list(userId)).map((c) => c.nextEndAt).filter((e): e is string => !!e).sort();
    const nextEnd = markers[0]!;
    // The calendars whose next-end marker this sweep moves (each one small update).
    const markersRunOut = markers.filter((m) => Date.parse(m) <= Date.parse(nextEnd) + 60_000).length;
    reset();
    const endedRun = await withCpu(() => sweepUser(runtimeAt(new Date(Date.parse(nextEnd) + 60_000).toISOString()), userId));
    const ended = reset();
    // The scheduled mail's checks, on top of their sweeps: 08:00 London on Thursday (the
    // follow-up email; nobody new was met), and on Monday (the weekly digest, which has news).
    const followUpAt = '2027-03-11T08:00:00.000Z';
    await sendScheduledMail(mailDepsOf(runtimeAt(followUpAt)), userId, followUpAt, SETTINGS);
    const followUpCheck = reset();
    const digestAt = '2027-03-15T08:00:00.000Z';
    const digestRun = await sendScheduledMail(mailDepsOf(runtimeAt(digestAt)), userId, digestAt, SETTINGS);
    if (!digestRun.digest || digestRun.digest === 'nothing-to-say') throw new Error(`the bench's digest should have news (got ${JSON.stringify(digestRun)})`);
    const digest = reset();
    const proposalRun = await withCpu(() => proposeForUser(bookingDepsOf(runtimeAt(at(45))), userId, at(45)));
    const proposedNow = reset();
    const createdAtOnce = proposalRun.result.created.length;
    if (createdAtOnce === 0) throw new Error('the bench proposal run created nothing: the cost of a proposal cannot be measured');
    // The next morning's run with the week's coffees all on offer: what most days' runs cost.
    const idleRun = await withCpu(() => proposeForUser(bookingDepsOf(runtimeAt(at(46))), userId, at(46)));
    const idleProposalRun = reset();
    // The next sweep reads Rapport's calendar again (its holds are not stored as events): that
    // sweep's work beyond an unchanged one's is the proposal run's too (as the booking's, below).
    await sweepUser(runtimeAt(at(50)), userId);
    const sweepAfterProposal = reset();
    const proposal = beyondUnchanged(proposedNow, sweepAfterProposal);
    const [first] = await store.proposals.list(userId);
    const sentBefore = ses.sent.length;
    if (first) {
      const token = (await import('../lib/services/booking-links.js')).bookingTokenFor(base.config.signingKey!, { userId, proposalId: first.id });
      await bookCoffee(bookingDepsOf(runtimeAt(at(60))), token, { start: first.slots[0]!.start }, at(60));
    }
    const bookedNow = reset();
    const bookingMails = ses.sent.length - sentBefore;
    // The booking leaves its step marker to the next sweep, which reads the settled booking and
    // clears it: that sweep's work beyond an unchanged one's is the booking's too.
    await sweepUser(runtimeAt(at(75)), userId);
    const sweepAfter = reset();
    const booking = beyondUnchanged(bookedNow, sweepAfter);

    // The tick's reads: a shard's schedule index and wake times, for users of whom none is due
    // (the common case between their sweeps). Every user here is in one shard, so the figure
    // is what a full shard costs a user, not the half-unit floor of 16 near-empty queries.
    const shard = sweepShardOf(userId);
    const others: string[] = [];
    for (let i = 0; others.length < TICK_USERS; i++) if (sweepShardOf(`tick-user-${i}`) === shard) others.push(`tick-user-${i}`);
    for (const other of others) {
      await store.profiles.put(other, SETTINGS);
      await store.wake.settle(other, at(12 * 60), (await store.wake.shard(shard)).get(other)?.pulls);
    }
    reset();
    const enqueued: WorkMessage[] = [];
    await enqueueSweeps({ store, queue: { send: async (messages) => void enqueued.push(...messages) }, logger: silentLogger }, at(90));
    const tickAll = reset();
    await store.wake.shard(shard);
    for (let next: string | undefined, first = true; first || next !== undefined; first = false) next = (await store.schedule.sweepShard(shard, next)).next;
    const tick = reset();
    const tickReadPerUser = tick.read / (others.length + 1);

    // The CPU of a sweep after an end, as a warm container runs them: the first one above also
    // paid for compiling inference; the median over it and the next ends the week holds.
    const inferringCpu = [endedRun.cpuMs];
    for (let i = 0; i < 6; i++) {
      const next = (await store.connections.list(userId)).map((c) => c.nextEndAt).filter((e): e is string => !!e).sort()[0];
      if (!next) break;
      inferringCpu.push((await withCpu(() => sweepUser(runtimeAt(new Date(Date.parse(next) + 60_000).toISOString()), userId))).cpuMs);
    }
    reset();
    // A message's outbox writes, and its wake-up for a crashed attempt (the booking's own pull rides in its claim's transaction).
    const bookingPullWrites = bookedNow.writesByOp.get('wake.pull') ?? 0;
    const bookingMailWrites = [...bookedNow.writesByOp].filter(([op]) => op.startsWith('mail.')).reduce((sum, [, units]) => sum + units, 0) + bookingPullWrites;
    if (bookingMails === 0) throw new Error('the bench booking sent no mail: the per-message outbox cost cannot be measured');

    // The day: the sweeps the wake rule gives the typical week (after ends, safety reads that
    // write each calendar's sync time, email hours), one sync of the day's changes, a sweep for
    // each pull; meetings and their contacts are counted per meeting, whatever sweep records them.
    const week = typicalWakeWeek();
    const endedPerDay = week.inferringPerDay;
    // A sweep for each pull: a booking's step marker, and each message's wake for a crashed attempt.
    const pullsPerDay = TYPICAL.bookingsPerWeek / 7 + mailsPerDay();
    const sweepsPerDay = week.sweepsPerDay + 1 + pullsPerDay;
    const unchangedPerDay = sweepsPerDay - 1 - endedPerDay;
    // The safety reads write each calendar's sync time (core/domain/read-schedule.ts); Rapport's own calendar is never refreshed.
    const refreshWrites = week.safetyReadsPerDay;
    const proposalsPerDay = DEFAULT_COFFEE_SETTINGS.maxPerWeek / DEFAULT_COFFEE_SETTINGS.linkLifetimeDays;
    const perProposal = { read: (proposal.read - idleProposalRun.read) / createdAtOnce, write: (proposal.write - idleProposalRun.write) / createdAtOnce };
    // Writes follow the proposals made; a run that makes any reads calendars and finds slots
    // whatever it makes, so reads (and CPU, below) count a whole making run on that share of days.
    const makingRunsPerDay = Math.min(1, proposalsPerDay);
    const proposalDay = { read: idleProposalRun.read + (proposal.read - idleProposalRun.read) * makingRunsPerDay, write: idleProposalRun.write + perProposal.write * proposalsPerDay };
    const tickReadPerDay = tickReadPerUser * TYPICAL.syncsPerDay;
    const recordedAtOnce = Math.max(1, endedRun.result.meetingsRecorded);
    // A day's meetings are recorded whatever the sweeps that record them: the measured sweep's
    // meeting and contact units are counted per meeting, a weekday's share of the week's, and the
    // rest of it (reads, markers, the next time) per sweep after an end.
    const meetingsPerDay = TYPICAL.meetingsPerWeek / 7;
    const perMeeting = (ops: Map<string, number>) => [...ops].filter(([op]) => op.startsWith('meetings.putMany') || op.startsWith('contacts.')).reduce((sum, [, units]) => sum + units, 0) / recordedAtOnce;
    const perMeetingWrites = perMeeting(ended.writesByOp);
    const perMeetingReads = perMeeting(ended.readsByOp);
    // Likewise its marker moves: the measured sweep moved `markersRunOut`; a day's average is the wake rule's.
    const perMarkerWrites = (ended.writesByOp.get('connections.update') ?? 0) / Math.max(1, markersRunOut);
    const endedSweepWrites = ended.write - perMeetingWrites * recordedAtOnce - perMarkerWrites * markersRunOut + perMarkerWrites * week.markersPerInferringSweep;
    const endedSweepReads = ended.read - perMeetingReads * recordedAtOnce;
    const perDay = {
      // A sweep woken by a pull reads the latest copies: twice an unchanged sweep's units.
      read: unchanged.read * (unchangedPerDay + pullsPerDay) + changed.read + endedSweepReads * endedPerDay + perMeetingReads * meetingsPerDay + proposalDay.read + booking.read / 7 + followUpCheck.read * week.mailChecksPerDay + digest.read / 7 + tickReadPerDay,
      write: unchanged.write * unchangedPerDay + refreshWrites + changed.write + endedSweepWrites * endedPerDay + perMeetingWrites * meetingsPerDay + proposalDay.write + booking.write / 7 + followUpCheck.write * week.mailChecksPerDay + digest.write / 7,
    };
    const scans = [unchanged, changed, ended, followUpCheck, digest, proposedNow, idleProposalRun, sweepAfterProposal, bookedNow, sweepAfter, tickAll, tick].reduce((n, t) => n + (t.commands.get('ScanCommand') ?? 0), 0);
    const commandsOf = (t: Tally) => [...t.commands].map(([k, v]) => `${k.replace('Command', '')} ${v}`).join(', ') + (t.readsByOp.size ? `; reads: ${[...t.readsByOp].map(([k, v]) => `${k} ${round(v)}`).join(', ')}` : '') + (t.writesByOp.size ? `; writes: ${[...t.writesByOp].map(([k, v]) => `${k} ${round(v)}`).join(', ')}` : '');
    dayUnits = {
      ...perDay,
      sweepsPerDay,
      inferringSweepsPerDay: endedPerDay + 1,
      unchangedSweepsPerDay: unchangedPerDay,
      tickReadPerDay,
      unchangedSweep: { cpuMs: unchangedRun.cpuMs, requests: requestsOf(unchanged), read: unchanged.read, write: unchanged.write },
      inferringSweep: { cpuMs: median(inferringCpu), requests: requestsOf(ended) },
      // A day's run: the idle morning's, and the new proposals' share of a run that makes them.
      proposalRun: {
        cpuMs: idleRun.cpuMs + (proposalRun.cpuMs - idleRun.cpuMs) * makingRunsPerDay,
        requests: requestsOf(idleProposalRun) + (requestsOf(proposal) - requestsOf(idleProposalRun)) * makingRunsPerDay,
      },
      mailWritesPerMessage: bookingMailWrites / bookingMails,
    };
    return {
      id: 'dynamodb',
      title: 'DynamoDB capacity per user per day (typical user)',
      figures: [
        { label: 'typical user', value: `${TYPICAL.calendars} calendars, ${TYPICAL.meetingsPerWeek} meetings/week, ${TYPICAL.contacts} contacts, ${TYPICAL.proposalsPerDay} proposal run/day, ${TYPICAL.bookingsPerWeek} booking/week` },
        { label: 'sweeps a day (the wake rule over the typical week, calendars kept current by push)', value: `${round(sweepsPerDay, 1)} of the tick's ${TYPICAL.syncsPerDay}: ${round(week.sweepsPerDay, 1)} woken (${round(week.inferringPerDay, 1)} after an event ended, ${round(week.safetyReadsPerDay, 1)} safety reads, ${round(week.mailChecksPerDay, 1)} in an email hour), 1 for the day's changes, ${round(pullsPerDay, 1)} for pulls (a booking's step, each message)` },
        { label: `the tick's reads (one shard of ${TICK_USERS + 1} users, none due but this one)`, value: `${round(tick.read, 1)} RCU (${commandsOf(tick)}): ${round(tickReadPerUser, 4)} a user a tick, ${round(tickReadPerDay, 2)} a user-day; the whole tick over 16 shards ${round(tickAll.read, 1)} RCU, ${enqueued.length} enqueued` },
        { label: 'unchanged sweep', value: `${round(unchangedRun.cpuMs, 1)} ms CPU, ${round(unchanged.read)} RCU, ${round(unchanged.write)} WCU (${commandsOf(unchanged)})` },
        { label: `sweep with ${CHANGED_EVENTS_PER_DAY} changed events`, value: `${round(changed.read)} RCU, ${round(changed.write)} WCU (${commandsOf(changed)})` },
        { label: `sweep after an event ended (inference runs; ${endedRun.result.meetingsRecorded} meetings ended at once)`, value: `${round(endedRun.cpuMs, 1)} ms CPU (median of ${inferringCpu.length} such sweeps, warm: ${round(median(inferringCpu), 1)} ms), ${round(ended.read)} RCU, ${round(ended.write)} WCU (${commandsOf(ended)})` },
        { label: 'follow-up email check (08:00 local, nobody new)', value: `${round(followUpCheck.read)} RCU, ${round(followUpCheck.write)} WCU (${commandsOf(followUpCheck)})` },
        { label: 'weekly digest', value: `${round(digest.read)} RCU, ${round(digest.write)} WCU (${commandsOf(digest)})` },
        { label: `proposal run making ${createdAtOnce}`, value: `${round(proposal.read)} RCU, ${round(proposal.write)} WCU (${commandsOf(proposedNow)}; the next sweep beyond an unchanged one: ${round(sweepAfterProposal.read - unchanged.read)} RCU, ${round(sweepAfterProposal.write - unchanged.write)} WCU (${commandsOf(sweepAfterProposal)}))` },
        { label: 'proposal run with the week\'s coffees all on offer (most mornings)', value: `${round(idleRun.cpuMs, 1)} ms CPU (the run making them ${round(proposalRun.cpuMs, 1)} ms), ${round(idleProposalRun.read)} RCU, ${round(idleProposalRun.write)} WCU (${commandsOf(idleProposalRun)}); a day: that run and ${round(proposalsPerDay, 2)} new proposals (the weekly limit ${DEFAULT_COFFEE_SETTINGS.maxPerWeek} over a link's ${DEFAULT_COFFEE_SETTINGS.linkLifetimeDays} days) at ${round(perProposal.read, 1)} RCU + ${round(perProposal.write, 1)} WCU each` },
        { label: 'one booking', value: `${round(booking.read)} RCU, ${round(booking.write)} WCU (${commandsOf(bookedNow)}; the next sweep beyond an unchanged one: ${round(sweepAfter.read - unchanged.read)} RCU, ${round(sweepAfter.write - unchanged.write)} WCU (${commandsOf(sweepAfter)}))` },
        { label: 'per user per day', value: `${round(perDay.read)} RCU, ${round(perDay.write)} WCU (model: ${round(unchangedPerDay, 1)} unchanged sweeps, ${round(endedPerDay, 1)} after events ended at ${round(endedSweepReads, 1)} RCU + ${round(endedSweepWrites, 1)} WCU each (${round(week.markersPerInferringSweep, 2)} markers moved) and ${round(meetingsPerDay, 1)} meetings recorded at ${round(perMeetingReads, 1)} RCU + ${round(perMeetingWrites, 1)} WCU each, 1 with changes, ${round(refreshWrites, 1)} safety-read sync-time writes, ${round(week.mailChecksPerDay, 1)} email-hour checks, 1 proposal run, 1/7 booking, 1/7 digest, the tick's reads)` },
      ],
      budgets: [
        { name: 'scans on any path', measured: scans, limit: 0, unit: '', kind: 'exact' },
        { name: 'writes of an unchanged sweep (a constant per run)', measured: round(unchanged.write), limit: WRITE_CONSTANT_PER_RUN, unit: 'WCU', kind: 'max' },
        // Per changed event: its item, and its entry in the end-time index when it could become a
        // meeting (that entry is what lets the sweep after a meeting read one event, not all).
        { name: `writes of a sweep with ${CHANGED_EVENTS_PER_DAY} changed events (≤ 2 per event: item + end-index entry, + constant)`, measured: round(changed.write), limit: 2 * CHANGED_EVENTS_PER_DAY + WRITE_CONSTANT_PER_RUN, unit: 'WCU', kind: 'max' },
      ],
      charts: [{ title: 'Capacity per user per day', unit: 'units', series: [{ label: 'read (RCU)', value: round(perDay.read) }, { label: 'write (WCU)', value: round(perDay.write) }] }],
    };
  } finally {
    setRuntime(base);
    await ses.close();
    await bench.close();
  }
}
