import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIcsSource } from '../../../../lib/adapters/calendars/ics/adapter.js';

const event = (uid: string, start: string, end: string, ...extra: string[]) => [
  'BEGIN:VEVENT',
  `UID:${uid}`,
  start.length === 8 ? `DTSTART;VALUE=DATE:${start}` : `DTSTART:${start}`,
  end.length === 8 ? `DTEND;VALUE=DATE:${end}` : `DTEND:${end}`,
  ...extra,
  'END:VEVENT',
];

/** One day (Tuesday 10 Nov 2026, UTC) with one event of each kind. */
const DAY = [
  'BEGIN:VCALENDAR',
  ...event('meeting', '20261110T090000Z', '20261110T100000Z'),
  ...event('overlapping', '20261110T093000Z', '20261110T103000Z'),
  ...event('back-to-back', '20261110T103000Z', '20261110T110000Z'),
  ...event('free', '20261110T120000Z', '20261110T130000Z', 'TRANSP:TRANSPARENT'),
  ...event('cancelled', '20261110T130000Z', '20261110T140000Z', 'STATUS:CANCELLED'),
  ...event('declined', '20261110T140000Z', '20261110T150000Z', 'ATTENDEE;PARTSTAT=DECLINED:mailto:Me@Example.com'),
  ...event('elsewhere', '20261110T000000Z', '20261111T000000Z', 'X-MICROSOFT-CDO-BUSYSTATUS:WORKINGELSEWHERE'),
  ...event('hold', '20261110T160000Z', '20261110T163000Z', 'X-RAPPORT-PROPOSAL:prop-1', 'STATUS:TENTATIVE'),
  ...event('focus', '20261110T170000Z', '20261110T180000Z', 'X-RAPPORT-KIND:focus'),
  ...event('day-off', '20261112', '20261113'),
  ...event('birthday', '20261113', '20261114', 'TRANSP:TRANSPARENT'),
  'END:VCALENDAR',
].join('\r\n');

describe('busy time from an ICS feed', () => {
  let dir: string;
  let path: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rapport-busy-'));
    path = join(dir, 'day.ics');
    await writeFile(path, DAY);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const busy = (from: string, to: string) =>
    createIcsSource({ source: path, ownerEmails: ['me@example.com'] }).readBusy({ from, to });

  it('merges overlapping and touching events, and skips free, cancelled, declined and working-location ones', async () => {
    expect(await busy('2026-11-10T00:00:00Z', '2026-11-11T00:00:00Z')).toEqual([
      { start: '2026-11-10T09:00:00.000Z', end: '2026-11-10T11:00:00.000Z' },
      { start: '2026-11-10T16:00:00.000Z', end: '2026-11-10T16:30:00.000Z' }, // Rapport's hold
      { start: '2026-11-10T17:00:00.000Z', end: '2026-11-10T18:00:00.000Z' }, // focus block
    ]);
  });

  it('counts an opaque all-day event as busy all day, but not a transparent one', async () => {
    expect(await busy('2026-11-12T00:00:00Z', '2026-11-14T00:00:00Z')).toEqual([
      { start: '2026-11-12T00:00:00.000Z', end: '2026-11-13T00:00:00.000Z' },
    ]);
  });

  it('clips intervals to the window', async () => {
    expect(await busy('2026-11-10T09:45:00Z', '2026-11-10T10:15:00Z')).toEqual([
      { start: '2026-11-10T09:45:00.000Z', end: '2026-11-10T10:15:00.000Z' },
    ]);
  });
});
