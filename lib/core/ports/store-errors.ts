/**
 * What the store fails with, typed so callers decide by kind (a lost race, a missing item); an
 * SDK error, if any, is only the `cause`, for logs.
 */

export class StoreError extends Error {
  override name = 'StoreError';
}
export class NotFound extends StoreError {
  override name = 'NotFound';
}
export class AlreadyExists extends StoreError {
  override name = 'AlreadyExists';
}
export class ContactHasProposal extends StoreError {
  override name = 'ContactHasProposal';
  constructor(readonly proposalId: string) {
    super(`the contact already has proposal ${proposalId}`);
  }
}
export class StaleProposal extends StoreError {
  override name = 'StaleProposal';
}
/**
 * A claim that did not commit: `sequence` (another claim of nearby time committed first),
 * `contended` (another transaction was writing the same cells at that moment, and DynamoDB
 * cancelled this one without anything necessarily committed) or `not-open`.
 */
export class BookingConflict extends StoreError {
  override name = 'BookingConflict';
  constructor(readonly reason: 'sequence' | 'contended' | 'not-open') {
    super(CONFLICT_MESSAGES[reason]);
  }
}

const CONFLICT_MESSAGES = {
  sequence: 'another booking changed the calendar meanwhile',
  contended: 'another booking was writing the same time at that moment',
  'not-open': 'the proposal is no longer open',
} as const;

/** A key part that would make keys ambiguous or order wrongly (a `#` in an id, a local time). */
export class InvalidKey extends StoreError {
  override name = 'InvalidKey';
}

/** BatchWriteItem kept returning unprocessed items after every retry. */
export class BatchWriteIncomplete extends StoreError {
  override name = 'BatchWriteIncomplete';
  constructor(
    readonly op: string,
    readonly unprocessed: number,
    readonly attempts: number,
  ) {
    super(`${op}: ${unprocessed} item(s) still unprocessed after ${attempts} attempts`);
  }
}

/** An optimistic-lock update lost the race more times than it is allowed to retry. */
export class ConcurrentUpdate extends StoreError {
  override name = 'ConcurrentUpdate';
}

/** DynamoDB (or the network) failed in a way the store does not translate into a rule. */
export class StoreRequestFailed extends StoreError {
  override name = 'StoreRequestFailed';
}
