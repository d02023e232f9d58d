import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../../bin/rapport.js', import.meta.url));
const DAY_MS = 86_400_000;

interface ContactJson {
  email: string;
  cadenceDays: number;
  lastMetAt: string;
  nextDueAt: string;
}

interface DemoReport {
  now: string;
  due: ContactJson[];
  proposals: { email: string; slots: { start: string; end: string }[] }[];
  loop: {
    contact: { email: string };
    sweptAt: string;
    booking: { start: string; end: string; status: string; guest: { email: string } };
    proposal: { status: string };
    meeting: { start: string; with: string[]; size: string } | null;
    before: ContactJson;
    after: ContactJson;
    outbox: { kind: string; to: string; status: string }[];
  };
}

/** The keys `rapport demo --json` has always printed, in their order; `--book` only adds `loop`. */
const DEMO_KEYS = ['now', 'sampleAnchor', 'sync', 'meetings', 'excludedByReason', 'contacts', 'due', 'followUps', 'proposals'];

describe('rapport demo --book, run as a newcomer runs it', () => {
  it('books the first offered time as the guest, and after the coffee the contact is met and due a cadence later', async () => {
    // A mail server address nothing answers on: were the demo to use it, its invitation would be
    // "failed", not "kept". The sample's people are made up, so the demo never sends mail.
    const env = { ...process.env, TZ: 'Pacific/Chatham', RAPPORT_SMTP_URL: 'smtp://127.0.0.1:9' };
    const { stdout } = await promisify(execFile)(process.execPath, [BIN, 'demo', '--book', '--json', '--now', '2026-11-23T12:00:00Z'], { env });
    const report = JSON.parse(stdout) as DemoReport;
    expect(Object.keys(report)).toEqual([...DEMO_KEYS, 'loop']);

    const { loop } = report;
    const first = report.proposals[0]!;
    expect(loop.contact.email).toBe(first.email);
    expect(loop.booking).toMatchObject({ start: first.slots[0]!.start, end: first.slots[0]!.end, status: 'confirmed', guest: { email: first.email } });
    expect(loop.proposal.status).toBe('booked');

    // Before: the contact the demo listed as due, last met long ago.
    expect(loop.before).toEqual(report.due.find((c) => c.email === first.email));
    expect(loop.before.nextDueAt < report.now).toBe(true);

    // The sweep ran after the coffee and read it back as a meeting with the guest.
    expect(loop.sweptAt > loop.booking.end).toBe(true);
    expect(loop.meeting).toMatchObject({ start: loop.booking.start, with: [first.email], size: 'small' });

    // After: last met at the coffee, next due one cadence later, no longer due.
    expect(loop.after.lastMetAt).toBe(loop.booking.start);
    expect(loop.after.nextDueAt).toBe(new Date(Date.parse(loop.booking.start) + loop.after.cadenceDays * DAY_MS).toISOString());
    expect(loop.after.nextDueAt > loop.sweptAt).toBe(true);

    expect(loop.outbox).toContainEqual({ ...loop.outbox.find((m) => m.kind === 'invitation'), to: first.email, status: 'kept' });
  }, 90_000);
});
