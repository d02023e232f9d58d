import type { BatchWriteCommand, BatchWriteCommandOutput } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, test } from 'vitest';
import { batchWrite, type BatchRequest, type BatchTarget } from '../../../lib/adapters/store/batch.js';
import { BatchWriteIncomplete } from '../../../lib/core/ports/store-errors.js';
import { freshTable, uniqueUserId, type FreshTable } from '../../support/dynamo.js';

let table: FreshTable;
beforeAll(async () => {
  table = await freshTable();
});

const puts = (userId: string, count: number): BatchRequest[] =>
  Array.from({ length: count }, (_, i) => ({
    PutRequest: { Item: { pk: `USER#${userId}`, sk: `CONTACT#p${i}@x.org`, email: `p${i}@x.org` } },
  }));

const noMeter = { capacityRequest: {}, meter: () => {} };

describe('batchWrite', () => {
  test('items DynamoDB hands back as unprocessed are retried until all land', async () => {
    const userId = uniqueUserId();
    const calls: number[] = [];
    const sleeps: number[] = [];
    // On the first try of each chunk, forwards only 10 items and reports the rest as
    // unprocessed, the way DynamoDB answers when a partition is throttled.
    const seen = new Set<unknown>();
    const throttledOnce: BatchTarget = {
      ...noMeter,
      tableName: table.tableName,
      client: {
        async send(command: BatchWriteCommand): Promise<BatchWriteCommandOutput> {
          const requests = command.input.RequestItems![table.tableName]!;
          calls.push(requests.length);
          const firstTry = !seen.has(requests[0]!.PutRequest!.Item!.sk);
          requests.forEach((request) => seen.add(request.PutRequest!.Item!.sk));
          const accepted = firstTry ? requests.slice(0, 10) : requests;
          const output = await table.client.send(
            new (command.constructor as typeof BatchWriteCommand)({ RequestItems: { [table.tableName]: accepted } }),
          );
          const unprocessed = firstTry ? requests.slice(10) : [];
          return { ...output, UnprocessedItems: unprocessed.length ? { [table.tableName]: unprocessed } : {} };
        },
      },
    };
    await batchWrite(throttledOnce, 'test', puts(userId, 62), { concurrency: 1, sleep: async (ms) => void sleeps.push(ms) });

    expect(calls).toEqual([25, 15, 25, 15, 12, 2]);
    expect(sleeps).toHaveLength(3);
    expect(await table.store.contacts.list(userId)).toHaveLength(62);
  });

  test('gives up with BatchWriteIncomplete after the bounded attempts, backing off each time', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const alwaysThrottled: BatchTarget = {
      ...noMeter,
      tableName: 't',
      client: {
        async send(command) {
          calls++;
          return { $metadata: {}, UnprocessedItems: command.input.RequestItems };
        },
      },
    };
    const write = batchWrite(alwaysThrottled, 'events.putMany', puts('u', 3), {
      maxAttempts: 4,
      baseDelayMs: 100,
      sleep: async (ms) => void sleeps.push(ms),
    });
    await expect(write).rejects.toThrow(BatchWriteIncomplete);
    await expect(write).rejects.toMatchObject({ op: 'events.putMany', unprocessed: 3, attempts: 4 });
    expect(calls).toBe(4);
    // Full jitter: each wait is random but below a ceiling that doubles (100, 200, 400 ms).
    expect(sleeps).toHaveLength(3);
    sleeps.forEach((ms, i) => expect(ms).toBeLessThanOrEqual(100 * 2 ** i));
  });

  test('never sends more than 25 requests per call', async () => {
    const sizes: number[] = [];
    const recording: BatchTarget = {
      ...noMeter,
      tableName: 't',
      client: {
        async send(command) {
          sizes.push(command.input.RequestItems!.t!.length);
          return { $metadata: {} };
        },
      },
    };
    await batchWrite(recording, 'test', puts('u', 101));
    expect(sizes.sort((a, b) => b - a)).toEqual([25, 25, 25, 25, 1]);
  });
});
