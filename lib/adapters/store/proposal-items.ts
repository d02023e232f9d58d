import type { Proposal } from '../../core/domain/proposal.js';
import { bookingLinkKey, proposalKey, proposalLockKey, ttlSecondsOf, withoutStoreAttributes } from './keys.js';
import type { BookingLinkTarget } from '../../core/ports/store.js';
import { TABLE } from './table-definition.js';

/**
 * The stored shapes of a proposal, its contact lock and its booking-link lookup, shared by the
 * proposal and booking repositories (both write proposals).
 *
 * The table's TTL attribute is named `expiresAt` and must hold epoch seconds, while a proposal's
 * own `expiresAt` is the ISO instant its link stops working. So the item keeps the ISO value as
 * `linkExpiresAt` and `expiresAt` is the TTL; reading maps it back.
 */

const TTL = TABLE.timeToLiveAttribute;
const DAY_SECONDS = 86_400;

/** How long records outlive the last instant they matter for (support, the dashboard's history). */
export const RETENTION_DAYS = 30;

/**
 * When DynamoDB may delete the proposal, its lock, link and claims: 30 days after the link
 * expires, or after the last offered slot if that is later. A guest can book up to the link's
 * expiry a slot that lies weeks beyond it (long horizons), and the booked record, its claim and
 * the contact's lock must outlive the coffee. Computed from the offered slots, not the booking,
 * so booking or moving never has to touch the lock's TTL.
 */
export function retainUntilSeconds(proposal: Pick<Proposal, 'expiresAt' | 'slots' | 'booking'>): number {
  const instants = [proposal.expiresAt, ...proposal.slots.map((slot) => slot.end), ...(proposal.booking ? [proposal.booking.end] : [])];
  return Math.max(...instants.map(ttlSecondsOf)) + RETENTION_DAYS * DAY_SECONDS;
}

export function proposalItem(userId: string, proposal: Proposal): Record<string, unknown> & { pk: string; sk: string } {
  const { expiresAt, ...fields } = proposal;
  return {
    ...fields,
    ...proposalKey(userId, proposal.id),
    entity: 'Proposal',
    linkExpiresAt: expiresAt,
    [TTL]: retainUntilSeconds(proposal),
  };
}

export function proposalFromItem(item: Record<string, unknown>): Proposal {
  const { linkExpiresAt, [TTL]: _ttl, ...fields } = withoutStoreAttributes<Record<string, unknown>>(item);
  return { ...fields, expiresAt: linkExpiresAt } as Proposal;
}

export function lockItem(userId: string, proposal: Proposal): Record<string, unknown> & { pk: string; sk: string } {
  return {
    ...proposalLockKey(userId, proposal.contactEmail),
    entity: 'ProposalLock',
    proposalId: proposal.id,
    // The lock goes with its proposal: a proposal nobody closed never blocks its contact forever.
    [TTL]: retainUntilSeconds(proposal),
  };
}

export function linkItem(userId: string, proposal: Proposal): Record<string, unknown> & { pk: string; sk: string } {
  return {
    ...bookingLinkKey(proposal.tokenHash),
    entity: 'BookingLink',
    userId,
    proposalId: proposal.id,
    linkExpiresAt: proposal.expiresAt,
    // Kept past the link's expiry so an old link says "expired", not "unknown".
    [TTL]: retainUntilSeconds(proposal),
  };
}

export function linkTargetFromItem(item: Record<string, unknown>): BookingLinkTarget {
  return { userId: String(item.userId), proposalId: String(item.proposalId), expiresAt: String(item.linkExpiresAt) };
}
