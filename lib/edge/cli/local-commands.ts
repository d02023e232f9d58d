import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ConfigOverrides } from '../../runtime/config.js';
import { dueContacts, followUpPrompts } from '../../core/domain/cadence.js';
import { inferMeetings } from '../../core/domain/inference.js';
import { ensureSampleSetup, movableClock, openLocalWorld, type LocalWorld } from '../../local/local-runtime.js';
import { SAMPLE_ANCHOR } from '../../local/sample-calendar.js';
import { bookingDepsOf } from '../../services/deps.js';
import { closeTheLoop } from '../../services/demo-loop.js';
import { proposeForUser } from '../../services/propose.js';
import { syncUser } from '../../services/sync.js';
import { toContactJson } from '../web/json-views.js';
import { calendarLocationOf } from './calendar-location.js';
import { closedLoopJson, printClosedLoop } from './demo-loop-view.js';
import { CliError, usageError } from './errors.js';

/** CLI commands that work on a local store: the persistent one under the data folder, or a fresh one for the demo. */

export interface CliContext {
  dataDir: string;
  /** Where the local server serves booking links (http://localhost:PORT). */
  baseUrl: string;
  /** Settings that win over the environment's: a terminal's quieter log level. */
  overrides: ConfigOverrides;
  out: (text: string) => void;
}

async function withWorld<T>(world: LocalWorld, run: (world: LocalWorld) => Promise<T>): Promise<T> {
  try {
    return await run(world);
  } finally {
    await world.close();
  }
}

/** Who the demo's messages are from: nobody real, as they never leave its outbox. */
const DEMO_SENDER = { email: 'rapport@localhost.localdomain', name: 'Rapport demo' };

function nowFrom(value: string): string {
  if (Number.isNaN(Date.parse(value)) || !value.includes('T')) throw usageError('Give --now as an ISO instant such as 2026-11-23T12:00:00Z.');
  return new Date(value).toISOString();
}

/**
 * `rapport demo [--json] [--now ISO] [--book]`: the sample calendar through sync and inference
 * into a fresh in-memory store; `--book` then closes the loop on the first proposal (services/demo-loop.ts).
 */
export async function runDemo(argv: string[], ctx: CliContext): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false }, now: { type: 'string' }, book: { type: 'boolean', default: false } } });
  // The demo's own clock, read by everything in its world: it stands still, so the report is
  // one instant, and `--book` moves it past the coffee.
  const clock = movableClock(values.now === undefined ? undefined : nowFrom(values.now));
  const scratch = mkdtempSync(join(tmpdir(), 'rapport-demo-'));
  try {
    // The sample's people are made up: the demo's invitations stay in its outbox, whatever RAPPORT_SMTP_URL says.
    const overrides = { ...ctx.overrides, mail: { from: DEMO_SENDER } };
    const world = await openLocalWorld({ dataDir: scratch, inMemory: true, baseUrl: ctx.baseUrl, overrides, clock: clock.now });
    await withWorld(world, async ({ runtime }) => {
      const now = clock.now();
      await ensureSampleSetup(world, now);
      const userId = runtime.config.localUserId;
      const sync = await syncUser(runtime, userId, now);
      const settings = (await runtime.store.profiles.get(userId))!;
      const events = await runtime.store.events.listByConnection(userId, 'sample');
      const verdicts = inferMeetings(events, settings, now).filter((v) => v.event.start <= now);
      const proposed = await proposeForUser(bookingDepsOf(runtime), userId, now);
      const contacts = await runtime.store.contacts.list(userId);
      const excluded: Record<string, number> = {};
      for (const v of verdicts) if (!v.counted) excluded[v.reason] = (excluded[v.reason] ?? 0) + 1;
      const report = {
        now,
        sampleAnchor: SAMPLE_ANCHOR,
        sync,
        meetings: verdicts.filter((v) => v.counted).map((v) => ({ start: v.event.start, title: v.event.title ?? null, with: v.with, reason: v.reason })),
        excludedByReason: excluded,
        contacts: contacts.length,
        due: dueContacts(contacts, now).map((c) => toContactJson(c, settings)),
        followUps: followUpPrompts(contacts, now).map((p) => ({ email: p.contact.email, name: p.contact.name ?? null, followUpBy: p.followUpBy })),
        proposals: proposed.created.map((c) => ({ email: c.contactEmail, name: c.contactName ?? null, slots: c.slots, link: c.link, expiresAt: c.expiresAt })),
      };
      const first = proposed.created[0];
      if (values.book && !first) throw new CliError(`The demo made no proposal at ${now}, so there is nothing to book.`);
      const loop = values.book && first ? await closeTheLoop(bookingDepsOf(runtime), clock, userId, first) : undefined;
      if (values.json) return ctx.out(JSON.stringify(loop ? { ...report, loop: closedLoopJson(loop, settings) } : report, null, 2));
      ctx.out(`Rapport demo at ${now} (sample calendar re-dated to this week)`);
      ctx.out(`Synced: ${sync.meetingsRecorded} meetings recorded, ${report.contacts} contacts.`);
      ctx.out(`Not counted: ${Object.entries(excluded).map(([r, n]) => `${r} ${n}`).join(', ')}`);
      ctx.out(`Due now (${report.due.length}):`);
      for (const c of report.due) ctx.out(`  ${c.name ?? c.email} <${c.email}>  ${c.tier}, due since ${c.nextDueAt}`);
      ctx.out(`Follow up (${report.followUps.length}):`);
      for (const f of report.followUps) ctx.out(`  ${f.name ?? f.email} <${f.email}>  by ${f.followUpBy}`);
      ctx.out(`Coffee proposals (${report.proposals.length}; links of this throwaway demo store — \`npm start\` makes live ones):`);
      for (const p of report.proposals) ctx.out(`  ${p.name ?? p.email}: ${p.slots.map((s) => s.start).join(', ')}\n    ${p.link}`);
      if (loop) printClosedLoop(loop, settings, ctx.out);
      else ctx.out('(`rapport demo --book` books the first one as its guest would and shows the contact move once the coffee has happened.)');
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** `rapport sync`: one sweep of the local user's calendars into the persistent store. */
export async function runSync(_argv: string[], ctx: CliContext): Promise<void> {
  const world = await openLocalWorld({ dataDir: ctx.dataDir, overrides: ctx.overrides });
  await withWorld(world, async ({ runtime }) => {
    const now = runtime.now();
    await ensureSampleSetup(world, now);
    const report = await syncUser(runtime, runtime.config.localUserId, now);
    for (const c of report.connections) ctx.out(`${c.connectionId}: ${c.status}${c.error ? ` (${c.error})` : ''}, ${c.eventsWritten} events written, ${c.eventsRemoved} removed`);
    ctx.out(`${report.meetingsRecorded} meetings recorded, ${report.meetingsRetracted} retracted, ${report.contactsChanged} contacts changed`);
  });
}

/** `rapport contacts [--due] [--json]`. */
export async function runContacts(argv: string[], ctx: CliContext): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { due: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } } });
  const world = await openLocalWorld({ dataDir: ctx.dataDir, overrides: ctx.overrides });
  await withWorld(world, async ({ runtime }) => {
    const userId = runtime.config.localUserId;
    const settings = await runtime.store.profiles.get(userId);
    if (!settings) throw new CliError('Rapport has no data here yet: run `npm start` or `npx rapport sync` first.');
    const now = runtime.now();
    const contacts = values.due ? await runtime.store.contacts.due(userId, now) : await runtime.store.contacts.list(userId);
    const rows = contacts.map((c) => toContactJson(c, settings));
    if (values.json) return ctx.out(JSON.stringify({ contacts: rows }, null, 2));
    for (const c of rows) ctx.out(`${(c.name ?? '').padEnd(24)} ${c.email.padEnd(36)} ${String(c.tier ?? '-').padEnd(12)} next due ${c.nextDueAt ?? '-'}`);
    ctx.out(`${rows.length} ${values.due ? 'due' : 'contacts'}`);
  });
}

/** `rapport import-ics FILE|URL`: the dashboard's way of adding a calendar (services/connect-ics.ts), from a terminal. */
export async function runImportIcs(argv: string[], ctx: CliContext): Promise<void> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
  const source = positionals[0];
  if (!source || positionals.length > 1) throw usageError('Usage: rapport import-ics FILE|URL');
  const world = await openLocalWorld({ dataDir: ctx.dataDir, overrides: ctx.overrides });
  await withWorld(world, async ({ runtime }) => {
    const userId = runtime.config.localUserId;
    const now = runtime.now();
    await ensureSampleSetup(world, now);
    const { connectIcsCalendar } = await import('../../services/connect-ics.js');
    const { IcsCalendarRefused } = await import('../../services/connect-errors.js');
    const calendar = { kind: 'address', location: calendarLocationOf(source, process.cwd()), label: source } as const;
    const added = await connectIcsCalendar(runtime, userId, calendar, now).catch((error: unknown) => {
      if (error instanceof IcsCalendarRefused) throw new CliError(`${source}: ${(error.cause as Error).message}`);
      throw error;
    });
    ctx.out(`${added.alreadyConnected ? 'Already connected' : 'Connected'} ${source}: ${added.eventsStored} events stored, ${added.meetingsRecorded} meetings recorded.`);
    if (world.joined) ctx.out(`Added through the running server's database: ${world.joined.url}/app#calendars shows it.`);
  });
}
