import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { icsCalendar, type IcsEventSpec } from '../../services/calendar-files.js';

/** `rapport slots` as people's scripts run it: a child process of `bin/rapport.js`, JSON parsed. */
const run = async (args: string[]) => {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['bin/rapport.js', 'slots', ...args], {
      env: { ...process.env, TZ: 'Pacific/Chatham' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

const dir = mkdtempSync(join(tmpdir(), 'rapport-slots-'));
function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** icsCalendar with extra properties (RRULE, TRANSP) added to the named events. */
function withProperties(ics: string, extra: Record<string, string[]>): string {
  return Object.entries(extra).reduce((text, [uid, lines]) => text.replace(`UID:${uid}\r\n`, `UID:${uid}\r\n${lines.join('\r\n')}\r\n`), ics);
}

const event = (uid: string, start: string, end: string, status?: string): IcsEventSpec => ({ uid, start, end, summary: uid, attendees: [], ...(status ? { status } : {}) });

// Two Tuesdays around the UK's spring change (Sunday 2027-03-28): 08:30 local is 08:30Z, then 07:30Z.
const busyFile = write(
  'busy.ics',
  withProperties(
    icsCalendar([
      event('standup', '20270323T084000Z', '20270323T085000Z'), // weekly: 08:40–08:50Z on the 23rd and the 30th
      event('marked-free', '20270323T090000Z', '20270323T093000Z'), // transparent: does not block
      event('called-off', '20270330T073000Z', '20270330T080000Z', 'CANCELLED'), // cancelled: does not block
      event('dentist', '20270330T090000', '20270330T091000'), // floating: 09:00 London (BST) = 08:00Z
    ]),
    { standup: ['RRULE:FREQ=WEEKLY;COUNT=2'], 'marked-free': ['TRANSP:TRANSPARENT'] },
  ),
);
const BASE = ['--zone', 'Europe/London', '--window', 'tue 08:30-10:00', '--from', '2027-03-22T00:00:00Z', '--to', '2027-04-05T00:00:00Z'];

describe('rapport slots (stable dry-run contract)', () => {
  it('prints every free slot in time order as {"slots": [{start, end}]}, busy time from the ICS file', async () => {
    const result = await run([...BASE, '--duration', '30', '--step', '30', '--busy', busyFile, '--json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      slots: [
        { start: '2027-03-23T09:00:00.000Z', end: '2027-03-23T09:30:00.000Z' }, // the transparent event does not block
        { start: '2027-03-23T09:30:00.000Z', end: '2027-03-23T10:00:00.000Z' },
        { start: '2027-03-30T07:30:00.000Z', end: '2027-03-30T08:00:00.000Z' }, // the cancelled event does not block; touching the dentist is fine
      ],
    });
    // Not offered: 08:30Z on the 23rd and 08:30Z on the 30th (the standup, both instances), 08:00Z on the 30th (dentist).
  });

  it('keeps --buffer minutes free before and after each slot', async () => {
    // 09:00Z on the 23rd now comes too soon after the standup, 07:30Z on the 30th too close to the dentist.
    const result = await run([...BASE, '--duration', '30', '--step', '30', '--buffer', '15', '--busy', busyFile, '--json']);
    expect(JSON.parse(result.stdout)).toEqual({ slots: [{ start: '2027-03-23T09:30:00.000Z', end: '2027-03-23T10:00:00.000Z' }] });
  });

  it('lets a buffer reach busy time just before --from', async () => {
    const narrow = ['--zone', 'Europe/London', '--window', 'tue 08:30-10:00', '--from', '2027-03-23T09:00:00Z', '--to', '2027-03-23T09:30:00Z'];
    const unbuffered = await run([...narrow, '--duration', '30', '--busy', busyFile, '--json']);
    expect(JSON.parse(unbuffered.stdout)).toEqual({ slots: [{ start: '2027-03-23T09:00:00.000Z', end: '2027-03-23T09:30:00.000Z' }] });
    const buffered = await run([...narrow, '--duration', '30', '--buffer', '15', '--busy', busyFile, '--json']);
    expect(JSON.parse(buffered.stdout)).toEqual({ slots: [] });
  });

  it('steps every 15 minutes by default, and reads full day names in any case', async () => {
    const result = await run([...BASE.slice(0, 2), '--window', 'TUESDAY 08:30 - 10:00', ...BASE.slice(4), '--duration', '60', '--json']);
    const starts = (JSON.parse(result.stdout) as { slots: { start: string }[] }).slots.map((s) => s.start);
    expect(starts).toEqual([
      '2027-03-23T08:30:00.000Z', '2027-03-23T08:45:00.000Z', '2027-03-23T09:00:00.000Z',
      '2027-03-30T07:30:00.000Z', '2027-03-30T07:45:00.000Z', '2027-03-30T08:00:00.000Z',
    ]);
  });

  it('keeps windows on the local clock across DST: a New York Sunday 01:00–03:00 in autumn and in spring', async () => {
    const ny = ['--zone', 'America/New_York', '--window', 'sun 01:00-03:00', '--duration', '30', '--step', '30', '--json'];
    // 2026-11-01: 01:00 and 01:30 happen twice and count the first time (EDT, -4); 02:00 and 02:30 are EST (-5).
    const autumn = await run([...ny, '--from', '2026-11-01T00:00:00Z', '--to', '2026-11-02T00:00:00Z']);
    expect((JSON.parse(autumn.stdout) as { slots: { start: string }[] }).slots.map((s) => s.start)).toEqual([
      '2026-11-01T05:00:00.000Z', '2026-11-01T05:30:00.000Z', '2026-11-01T07:00:00.000Z', '2026-11-01T07:30:00.000Z',
    ]);
    // 2027-03-14: 02:00–03:00 does not exist; the window closes at 03:00 EDT (07:00Z).
    const spring = await run([...ny, '--from', '2027-03-14T00:00:00Z', '--to', '2027-03-15T00:00:00Z']);
    expect(JSON.parse(spring.stdout)).toEqual({
      slots: [
        { start: '2027-03-14T06:00:00.000Z', end: '2027-03-14T06:30:00.000Z' },
        { start: '2027-03-14T06:30:00.000Z', end: '2027-03-14T07:00:00.000Z' },
      ],
    });
  });

  it('without --json lists each slot in local time and in UTC', async () => {
    const result = await run([...BASE, '--duration', '90']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('2 free slots of 90 min (Europe/London)');
    expect(result.stdout).toMatch(/Tue 30 Mar 2027 08:30–10:00 \(UTC\+01:00\)\s+2027-03-30T07:30:00\.000Z – 2027-03-30T09:00:00\.000Z/);
  });
});

// Each case is its own process and they do not share state: run them side by side.
describe.concurrent('rapport slots refuses bad input with a one-line reason and no stack trace', () => {
  const valid = [...BASE, '--duration', '30'];
  const replacing = (option: string, value: string) => valid.map((arg, i) => (valid[i - 1] === option ? value : arg));

  it.for<[string, string[], RegExp]>([
    ['a window without a time', replacing('--window', 'tue'), /--window "tue"/],
    ['a window without minutes', replacing('--window', 'tue 8-10'), /--window "tue 8-10"/],
    ['a window with an unknown day', replacing('--window', 'tues 08:30-10:00'), /--window "tues 08:30-10:00"/],
    ['a window that ends before it starts', replacing('--window', 'tue 10:00-08:30'), /must end after it starts/],
    ['a window with an impossible time', replacing('--window', 'tue 08:30-24:00'), /--window/],
    ['an unknown zone', replacing('--zone', 'Europe/Londres'), /--zone "Europe\/Londres"/],
    ['the machine zone', replacing('--zone', 'local'), /--zone "local"/],
    ['from after to', replacing('--from', '2027-04-06T00:00:00Z'), /--from must be before --to/],
    ['from equal to to', replacing('--from', '2027-04-05T00:00:00Z'), /--from must be before --to/],
    ['an instant without a zone', replacing('--from', '2027-03-22T00:00'), /--from "2027-03-22T00:00"/],
    ['a zero duration', replacing('--duration', '0'), /--duration/],
    ['a negative duration', [...BASE, '--duration=-30'], /--duration/],
    ['a zero step', [...valid, '--step', '0'], /--step/],
    ['a fractional buffer', [...valid, '--buffer', '2.5'], /--buffer/],
    ['no duration', BASE, /--duration/],
    ['no window', valid.filter((arg, i) => arg !== '--window' && valid[i - 1] !== '--window'), /--window/],
    ['an unknown option', [...valid, '--bogus'], /bogus/],
  ])('%s: exit 2', async ([, args, message], { expect }) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('a missing busy file: exit 1, naming the file', async ({ expect }) => {
    const missing = join(dir, 'missing.ics');
    const result = await run([...BASE, '--duration', '30', '--busy', missing, '--json']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`${missing}: no such file`);
  });

  it('a busy file that is not a calendar: exit 1, naming the file and the line', async ({ expect }) => {
    const broken = write('broken.ics', 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20270323T083000Z\r\n');
    const result = await run([...BASE, '--duration', '30', '--busy', busyFile, '--busy', broken, '--json']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(new RegExp(`${broken.replace(/[.\\/]/g, '\\$&')}: .*line 4`));
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
