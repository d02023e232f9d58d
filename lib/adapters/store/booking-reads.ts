import type { Connection } from '../../core/ports/connections.js';
import type { CalendarState, ProposalWithSettings, SlotClaim } from '../../core/ports/bookings.js';
import type { UserSettings } from '../../core/domain/settings.js';
import { batchGetAll } from './batch-get.js';
import { storedBusyOf } from './busy-index.js';
import type { StoreContext } from './context.js';
import { busyPrefix, calendarStateRange, claimPrefix, connectionPrefix, canonicalInstant, profileKey, proposalKey, userPartition, withoutStoreAttributes } from './keys.js';
import { proposalFromItem } from './proposal-items.js';
import { queryAll } from './query.js';

/**
 * The reads of a booking page, each one request: a page view is these two (a sealed link
 * carries its proposal, so no lookup comes first) and the live read of whatever provider
 * calendar is asked directly. Each read spans items of several repositories because they sit side by side
 * in the user's partition (keys.ts).
 */

/** The proposal and its host's settings in one BatchGetItem, strongly consistent. */
export async function readProposalWithSettings(ctx: StoreContext, userId: string, proposalId: string): Promise<ProposalWithSettings> {
  const proposalAt = proposalKey(userId, proposalId);
  const found = await batchGetAll(ctx, 'bookings.proposalWithSettings', [proposalAt, profileKey(userId)], { consistent: true });
  const proposal = found.find((item) => item.sk === proposalAt.sk);
  const profile = found.find((item) => item.sk === profileKey(userId).sk);
  return { proposal: proposal ? proposalFromItem(proposal) : null, settings: profile ? withoutStoreAttributes<UserSettings>(profile) : null };
}

/** Connections, their busy indexes and the claims overlapping `window`, in one Query. */
export async function readCalendarState(ctx: StoreContext, userId: string, window: { from: string; to: string }): Promise<CalendarState> {
  const { lower, upper } = calendarStateRange();
  const items = await queryAll(ctx, 'bookings.calendarState', {
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lower AND :upper',
    ExpressionAttributeValues: { ':pk': userPartition(userId), ':lower': lower, ':upper': upper },
    ConsistentRead: true,
  });
  const from = canonicalInstant(window.from);
  const to = canonicalInstant(window.to);
  const state: CalendarState = { connections: [], busy: [], claims: [] };
  for (const item of items) {
    const sk = String(item.sk);
    if (sk.startsWith(connectionPrefix)) state.connections.push(withoutStoreAttributes<Connection>(item));
    else if (sk.startsWith(busyPrefix)) state.busy.push(storedBusyOf(item));
    else if (sk.startsWith(claimPrefix) && String(item.start) < to && String(item.end) > from) state.claims.push(slotClaimOf(item));
  }
  return state;
}

/** Claims store canonical instants, so comparing them as strings orders them. */
export function slotClaimOf(item: Record<string, unknown>): SlotClaim {
  return { proposalId: String(item.proposalId), start: String(item.start), end: String(item.end) };
}
