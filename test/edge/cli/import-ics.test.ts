import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { calendarLocationOf } from '../../../lib/edge/cli/calendar-location.js';
import { icsCalendar } from '../../services/calendar-files.js';

const BIN = fileURLToPath(new URL('../../../bin/rapport.js', import.meta.url));

describe('where import-ics reads from, as a person types it', () => {
  it('absolute, relative, ~ and file:// become one absolute path; URLs stay URLs', () => {
    expect(calendarLocationOf('/home/ann/Downloads/work.ics', '/elsewhere')).toBe('/home/ann/Downloads/work.ics');
    expect(calendarLocationOf('cal/work.ics', '/home/ann')).toBe('/home/ann/cal/work.ics');
    expect(calendarLocationOf('../work.ics', '/home/ann/x')).toBe('/home/ann/work.ics');
    expect(calendarLocationOf('file:///home/ann/My%20Calendar.ics', '/x')).toBe('/home/ann/My Calendar.ics');
    expect(calendarLocationOf('  https://calendar.example/feed.ics ', '/x')).toBe('https://calendar.example/feed.ics');
    expect(calendarLocationOf('webcal://calendar.example/feed.ics', '/x')).toBe('webcal://calendar.example/feed.ics');
    expect(calendarLocationOf('~/work.ics', '/x')).toMatch(/^\/.+\/work\.ics$/);
    expect(calendarLocationOf('~/work.ics', '/x').startsWith('/x')).toBe(false);
  });
});

describe('rapport import-ics, run from another folder', () => {
  const home = mkdtempSync(join(tmpdir(), 'rapport-home-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'rapport-import-'));
  const elsewhere = mkdtempSync(join(tmpdir(), 'rapport-cwd-'));
  mkdirSync(join(home, 'Downloads'));
  const write = (name: string) => {
    const path = join(home, 'Downloads', name);
    writeFileSync(path, icsCalendar([{ uid: `${name}@t`, start: '20261110T100000Z', end: '20261110T110000Z', summary: 'Coffee', attendees: [{ email: 'alex@northwind.example' }, { email: 'jane@example.com' }] }]));
    return path;
  };
  const run = async (source: string) => {
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [BIN, 'import-ics', source], { cwd: elsewhere, env: { ...process.env, HOME: home, RAPPORT_DATA_DIR: dataDir } });
      return { code: 0, out: stdout };
    } catch (error) {
      const e = error as { code: number; stderr: string };
      return { code: e.code, out: e.stderr };
    }
  };

  it('connects an absolute path, a file:// URL and a ~ path; refuses a feed URL on this machine', async () => {
    expect(await run(write('absolute.ics'))).toMatchObject({ code: 0, out: expect.stringContaining('Connected') });
    expect(await run(pathToFileURL(write('file-url.ics')).href)).toMatchObject({ code: 0, out: expect.stringContaining('Connected') });
    write('tilde.ics');
    expect(await run('~/Downloads/tilde.ics')).toMatchObject({ code: 0, out: expect.stringContaining('Connected') });
    const loopback = await run('http://127.0.0.1:9/feed.ics');
    expect(loopback.code).not.toBe(0);
    expect(loopback.out).toContain('public internet');
  }, 120_000);
});
