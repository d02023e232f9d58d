import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'rapport-infer-'));
const calendar = join(dir, 'messy.ics');
writeFileSync(
  calendar,
  [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN',
    'BEGIN:VEVENT', 'UID:weekly@test', 'DTSTART:20261102T090000Z', 'DTEND:20261102T093000Z', 'RRULE:FREQ=WEEKLY;UNTL=20261201T000000Z',
    'SUMMARY:Weekly', 'ATTENDEE:mailto:me@example.com', 'ATTENDEE:mailto:jane@example.com', 'END:VEVENT',
    'BEGIN:VEVENT', 'UID:tick@test', 'DTSTART:20261103T000000Z', 'DTEND:20261103T000100Z', 'RRULE:FREQ=MINUTELY', 'SUMMARY:Tick', 'END:VEVENT',
    'END:VCALENDAR', '',
  ].join('\r\n'),
);

describe('rapport infer on a messy calendar', () => {
  it('gives a skipped rule its reason (`invalid: …`) and a series cut short its own (`truncated`), keeping the JSON contract', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['bin/rapport.js', 'infer', calendar, '--me', 'me@example.com', '--now', '2026-12-01T00:00:00Z', '--json']);
    const result = JSON.parse(stdout) as { meetings: { uid: string }[]; excluded: { uid: string; start?: string; reason: string }[] };
    // The bad rule is skipped, not reinterpreted: the event is read once, at its DTSTART.
    expect(result.meetings).toEqual([{ uid: 'weekly@test', start: '2026-11-02T09:00:00.000Z', end: '2026-11-02T09:30:00.000Z', with: ['jane@example.com'] }]);
    expect(result.excluded).toContainEqual({ uid: 'weekly@test', start: '2026-11-02T09:00:00.000Z', reason: 'invalid: RRULE has an unknown part UNTL' });
    expect(result.excluded.filter((x) => x.reason === 'truncated')).toEqual([{ uid: 'tick@test', start: expect.stringMatching(/^2026-11-0\dT/), reason: 'truncated' }]);
  });
});
