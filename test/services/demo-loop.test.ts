import { describe, expect, it } from 'vitest';
import { DEFAULT_COFFEE_SETTINGS } from '../../lib/core/domain/coffee.js';
import { closeTheLoop } from '../../lib/services/demo-loop.js';
import { proposeForUser } from '../../lib/services/propose.js';
import { TEST_SETTINGS } from '../support/app-server.js';
import { freshTable, uniqueUserId } from '../support/dynamo.js';
import { overdueContact, serviceDeps } from './service-deps.js';

const NOW = '2026-11-23T08:00:00.000Z'; // Monday; London is on GMT
const DAY_MS = 86_400_000;

describe('closing the loop (rapport demo --book)', () => {
  it("a coffee booked through the link and swept after it ends restarts the contact's own cadence", async () => {
    const { store } = await freshTable();
    const userId = uniqueUserId();
    let now = NOW;
    const clock = {
      now: () => now,
      moveTo(instant: string) {
        now = instant;
      },
    };
    const deps = serviceDeps({ store, clock: clock.now });
    await store.profiles.put(userId, { ...TEST_SETTINGS, coffee: { ...DEFAULT_COFFEE_SETTINGS } });
    await store.connections.create(userId, { id: 'rapport', kind: 'rapport', label: 'Rapport', cursor: null, status: 'ok', createdAt: NOW });
    // Her own cadence (45 days), not her tier's (90): the one the next due date must follow.
    await store.contacts.putMany(userId, [{ ...overdueContact('jane@example.com', '2026-09-01T09:00:00.000Z'), cadenceDays: 45 }]);

    const [coffee] = (await proposeForUser(deps, userId, NOW)).created;
    const loop = await closeTheLoop(deps, clock, userId, coffee!);

    const slot = coffee!.slots[0]!;
    expect(loop.bookedAt).toBe(NOW);
    expect(loop.booked.booking).toMatchObject({ start: slot.start, end: slot.end, status: 'confirmed', guestEmail: 'jane@example.com' });
    expect(loop.proposal?.status).toBe('booked');
    expect(Date.parse(loop.sweptAt)).toBeGreaterThan(Date.parse(slot.end));
    expect(loop.meeting).toMatchObject({ start: slot.start, with: ['jane@example.com'] });
    expect(loop.before.lastMetAt).toBe('2026-06-01T09:00:00.000Z');
    expect(loop.after.lastMetAt).toBe(slot.start);
    expect(loop.after.nextDueAt).toBe(new Date(Date.parse(slot.start) + 45 * DAY_MS).toISOString());
    expect((await store.contacts.due(userId, loop.sweptAt)).map((c) => c.email)).toEqual([]);
  });
});
