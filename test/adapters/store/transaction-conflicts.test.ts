import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, test } from 'vitest';
import { createBookingRepository } from '../../../lib/adapters/store/bookings.js';
import { createStoreContext } from '../../../lib/adapters/store/context.js';
import { BookingConflict } from '../../../lib/core/ports/store-errors.js';
import { createProposalRepository } from '../../../lib/adapters/store/proposals.js';
import { aBooking, aProposal } from './proposal-fixtures.js';

/**
 * DynamoDB Local runs transactions one at a time, so it never answers `TransactionConflict`;
 * real DynamoDB does when two transactions touch one item at once. A scripted client shows
 * how the store reads that answer.
 */
function scriptedClient(answers: (readonly string[] | 'ok')[]) {
  const sent: string[] = [];
  const client = {
    async send(command: { constructor: { name: string } }) {
      sent.push(command.constructor.name);
      if (command.constructor.name !== 'TransactWriteCommand') return {};
      const answer = answers.shift() ?? 'ok';
      if (answer === 'ok') return {};
      throw Object.assign(new Error('Transaction cancelled'), {
        name: 'TransactionCanceledException',
        CancellationReasons: answer.map((Code) => ({ Code })),
      });
    },
  };
  return { ctx: createStoreContext(client as unknown as DynamoDBDocumentClient, 'table'), sent };
}

const proposal = aProposal({ id: 'p1', contactEmail: 'ana@example.com' });

describe('transaction conflicts', () => {
  test('a booking that collided with another transaction on a claim cell is a "contended" conflict: nobody need have committed, retry', async () => {
    const { ctx } = scriptedClient([['TransactionConflict', 'None', 'None']]);
    const error = await createBookingRepository(ctx).book('u1', proposal, aBooking(proposal), { '2027-03-09T08:30:00.000Z': 0 }).catch((e: unknown) => e);
    expect((error as BookingConflict).reason).toBe('contended');
  });

  test('a booking whose claim cell changed is a "sequence" conflict, even when it also collided: another claim committed', async () => {
    const { ctx } = scriptedClient([['ConditionalCheckFailed', 'TransactionConflict', 'None', 'None']]);
    const guard = { '2027-03-09T08:30:00.000Z': 0, '2027-03-09T08:45:00.000Z': 0 };
    const error = await createBookingRepository(ctx).book('u1', proposal, aBooking(proposal), guard).catch((e: unknown) => e);
    expect((error as BookingConflict).reason).toBe('sequence');
  });

  test('a failed proposal condition wins over a conflict: the proposal is not open', async () => {
    const { ctx } = scriptedClient([['TransactionConflict', 'None', 'ConditionalCheckFailed']]);
    const error = await createBookingRepository(ctx).book('u1', proposal, aBooking(proposal), { '2027-03-09T08:30:00.000Z': 0 }).catch((e: unknown) => e);
    expect((error as BookingConflict).reason).toBe('not-open');
  });

  test('creating a proposal retries after a conflict instead of failing', async () => {
    const { ctx, sent } = scriptedClient([['None', 'TransactionConflict', 'None'], 'ok']);
    await createProposalRepository(ctx).create('u1', proposal);
    expect(sent.filter((name) => name === 'TransactWriteCommand')).toHaveLength(2);
  });

  test('a cancel that collided with a booking is retried', async () => {
    const { ctx, sent } = scriptedClient([['TransactionConflict', 'None', 'None'], 'ok']);
    const booking = aBooking(proposal);
    await createBookingRepository(ctx).cancel('u1', { ...proposal, status: 'booked', booking }, { ...booking, status: 'cancelled', revision: 1 });
    expect(sent.filter((name) => name === 'TransactWriteCommand')).toHaveLength(2);
  });
});
