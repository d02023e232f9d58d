import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../lib/core/ports/store.js';
import { recordMailEvents, suppressionsOf } from '../../lib/services/mail-events.js';
import { freshTable, uniqueUserId } from '../support/dynamo.js';

/** SES event publishing (SNS) → the sending user's suppression list. */

const NOW = '2027-03-01T08:00:00.000Z';
const event = (userId: string, body: Record<string, unknown>) => JSON.stringify({ mail: { tags: { 'rapport-user': [userId] } }, ...body });

let store: Store;
beforeAll(async () => {
  store = (await freshTable()).store;
});

describe('bounce and complaint events', () => {
  it('a permanent bounce and a complaint suppress the address for the user who sent; a transient bounce does not', async () => {
    const userId = uniqueUserId();
    const messages = [
      event(userId, { eventType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'Gone@Example.com' }], timestamp: NOW } }),
      event(userId, { eventType: 'Bounce', bounce: { bounceType: 'Transient', bouncedRecipients: [{ emailAddress: 'full@example.com' }] } }),
      event(userId, { eventType: 'Complaint', complaint: { complainedRecipients: [{ emailAddress: 'angry@example.com' }], timestamp: NOW } }),
      'not json',
      JSON.stringify({ eventType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'untagged@example.com' }] } }),
    ];
    expect(await recordMailEvents(store, messages, NOW)).toBe(2);
    expect(await store.suppressions.reasonFor(userId, 'gone@example.com')).toBe('bounced');
    expect(await store.suppressions.reasonFor(userId, 'angry@example.com')).toBe('complained');
    expect(await store.suppressions.reasonFor(userId, 'full@example.com')).toBeNull();
    expect(suppressionsOf(messages[4]!, NOW)).toEqual([]);
  });
});
