import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { icsCalendar } from '../../services/calendar-files.js';

/** The CLI as people run it: a child process of `bin/rapport.js`, output parsed as they would. */
const run = async (args: string[]) => {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['bin/rapport.js', ...args], {
      env: { ...process.env, TZ: 'Pacific/Chatham' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

const dir = mkdtempSync(join(tmpdir(), 'rapport-cli-'));
const ME = { email: 'me@example.com' };
const calendar = join(dir, 'export.ics');
writeFileSync(
  calendar,
  icsCalendar([
    { uid: 'one', start: '20270323T083000Z', end: '20270323T090000Z', summary: 'Coffee', attendees: [ME, { email: 'Jane@Example.com' }, { email: 'bob@example.com', partstat: 'DECLINED' }] },
    { uid: 'two', start: '20270324T090000Z', end: '20270324T100000Z', summary: 'Pitch', attendees: [{ ...ME, partstat: 'DECLINED' }, { email: 'sam@example.com' }] },
    { uid: 'three', start: '20270325T090000Z', end: '20270325T100000Z', summary: 'Later', attendees: [ME, { email: 'sam@example.com' }] },
  ]),
);

describe('rapport infer (stable dry-run contract)', () => {
  it('prints meetings with the other people who did not decline, and each excluded event with its reason', async () => {
    const result = await run(['infer', calendar, '--me', 'ME@example.com', '--now', '2027-03-24T12:00:00Z', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      meetings: [{ uid: 'one', start: '2027-03-23T08:30:00.000Z', end: '2027-03-23T09:00:00.000Z', with: ['jane@example.com'] }],
      excluded: [
        { uid: 'two', start: '2027-03-24T09:00:00.000Z', reason: 'declined-by-me' },
        { uid: 'three', start: '2027-03-25T09:00:00.000Z', reason: 'not-ended' },
      ],
    });
  });

  it('accepts several of my addresses', async () => {
    const result = await run(['infer', calendar, '--me', 'other@example.com', '--me', 'me@example.com', '--now', '2027-03-26T00:00:00Z', '--json']);
    const parsed = JSON.parse(result.stdout) as { meetings: { uid: string; with: string[] }[] };
    expect(parsed.meetings.map((m) => m.uid)).toEqual(['one', 'three']);
    expect(parsed.meetings.flatMap((m) => m.with)).not.toContain('me@example.com');
  });

  it.each([
    [['infer', calendar, '--now', '2027-03-24T12:00:00Z', '--json'], /--me/],
    [['infer', calendar, '--me', 'me@example.com', '--json'], /--now/],
    [['infer', join(dir, 'missing.ics'), '--me', 'me@example.com', '--now', '2027-03-24T12:00:00Z'], /no such file/],
    [['infer', calendar, '--bogus'], /bogus/],
  ])('refuses %j with a one-line message on stderr and a non-zero exit', async (args, message) => {
    const result = await run(args);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('names the line where a file stops being a calendar', async () => {
    const broken = join(dir, 'broken.ics');
    writeFileSync(broken, 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20270323T083000Z\r\n');
    const result = await run(['infer', broken, '--me', 'me@example.com', '--now', '2027-03-24T12:00:00Z', '--json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/BEGIN:VEVENT is never closed.*line 4/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('rapport demo', () => {
  it('runs the sample calendar through sync and inference and prints the report as JSON', async () => {
    const result = await run(['demo', '--json', '--now', '2026-11-23T12:00:00Z']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      due: { email: string }[];
      followUps: { email: string }[];
      excludedByReason: Record<string, number>;
      meetings: { with: string[]; reason: string }[];
    };
    expect(report.due.map((c) => c.email)).toEqual(['tom@okafor-design.example', 'maya.chen@bluepeak.example']);
    expect(report.followUps.map((f) => f.email)).toContain('lena@fischer-studio.example');
    expect(report.excludedByReason).toMatchObject({ 'declined-by-me': 1, 'all-day': 1, 'focus-time': 1, 'only-rooms': 1 });
    expect(report.meetings.some((m) => m.reason === 'networking-event' && m.with.length === 38)).toBe(true);
  }, 60_000);
});
