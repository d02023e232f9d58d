import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitWindow } from '../../../../lib/adapters/calendars/google/busy.js';
import { uniqueUserId } from '../../../support/dynamo.js';
import { googleEvent, startGoogleWorldOnFreshTable, type GoogleWorld } from '../../../support/google.js';

const NOW = '2026-11-23T12:00:00.000Z';
let world: GoogleWorld;

beforeAll(async () => {
  ({ world } = await startGoogleWorldOnFreshTable(NOW));
});
afterAll(() => world.close());

describe('Google free/busy', () => {
  it('asks about at most 50 calendars and 90 days per freeBusy.query, and sees busy time on every calendar that counts', async () => {
    const email = 'many-calendars@example.com';
    const extra = Array.from({ length: 51 }, (_, i) => ({ id: `cal${i}@group.calendar.google.com`, summary: `Calendar ${i}` }));
    world.fake.addAccount(email, extra);
    const userId = uniqueUserId();
    const connection = await world.connect(userId, email, {
      now: NOW,
      calendars: [{ id: email, label: email, counts: true, primary: true }, ...extra.map((c) => ({ id: c.id, label: c.summary, counts: true }))],
    });
    world.fake.putEvent('cal50@group.calendar.google.com', googleEvent('lastcal01', '2027-02-20T10:00:00.000Z', 60));
    world.fake.putEvent(email, googleEvent('primary01', '2026-12-01T10:00:00.000Z', 30));
    world.fake.putEvent(email, googleEvent('freeslot1', '2026-12-02T10:00:00.000Z', 30, [], { transparency: 'transparent' }));
    const source = await world.open(userId, connection);
    const before = world.fake.count('POST', /\/freeBusy$/);
    const busy = await source.readBusy({ from: '2026-11-24T00:00:00.000Z', to: '2027-03-01T00:00:00.000Z' });
    // 97 days → 2 windows; 52 calendars → 2 chunks: 4 queries.
    expect(world.fake.count('POST', /\/freeBusy$/) - before).toBe(4);
    const bodies = world.fake.requests.filter((r) => r.path.endsWith('/freeBusy')).slice(-4).map((r) => r.body as { items: unknown[] });
    expect(bodies.map((b) => b.items.length)).toEqual([50, 2, 50, 2]);
    expect(busy).toEqual(
      expect.arrayContaining([
        { start: '2026-12-01T10:00:00.000Z', end: '2026-12-01T10:30:00.000Z' },
        { start: '2027-02-20T10:00:00.000Z', end: '2027-02-20T11:00:00.000Z' },
      ]),
    );
    expect(busy).toHaveLength(2);
  });

  it('splits windows at 90 days', () => {
    expect(splitWindow({ from: '2026-01-01T00:00:00.000Z', to: '2026-07-01T00:00:00.000Z' })).toEqual([
      { from: '2026-01-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' },
      { from: '2026-04-01T00:00:00.000Z', to: '2026-06-30T00:00:00.000Z' },
      { from: '2026-06-30T00:00:00.000Z', to: '2026-07-01T00:00:00.000Z' },
    ]);
  });
});
