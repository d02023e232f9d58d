import { BatchWriteCommand, type BatchWriteCommandOutput } from '@aws-sdk/lib-dynamodb';
import { BatchWriteIncomplete } from '../../core/ports/store-errors.js';
import type { ItemKey } from './keys.js';
import type { StoreContext } from './context.js';

/** One put or delete in a batch (the document client's shape: plain JS values). */
export type BatchRequest =
  | { PutRequest: { Item: ItemKey & Record<string, unknown> } }
  | { DeleteRequest: { Key: ItemKey } };

/** Anything that can send a BatchWriteCommand: the document client, or a test double. */
export interface BatchWriteClient {
  send(command: BatchWriteCommand): Promise<BatchWriteCommandOutput>;
}

export type BatchTarget = Pick<StoreContext, 'tableName' | 'capacityRequest' | 'meter'> & {
  readonly client: BatchWriteClient;
};

export interface BatchWriteOptions {
  /** Calls per chunk before giving up on unprocessed items. Default 8. */
  maxAttempts?: number;
  /** First backoff ceiling; doubles per attempt (full jitter). Default 50 ms. */
  baseDelayMs?: number;
  /** Backoff ceiling never exceeds this. Default 2,000 ms. */
  maxDelayMs?: number;
  /** Chunks in flight at once. Default 4. */
  concurrency?: number;
  /** Injected by tests to avoid real waiting. */
  sleep?: (ms: number) => Promise<void>;
}

/** DynamoDB's limit per BatchWriteItem call. */
export const BATCH_SIZE = 25;

/**
 * Writes every request in chunks of 25. DynamoDB may accept part of a batch and hand the
 * rest back as UnprocessedItems (throttling, partition limits), so each chunk retries what
 * came back with exponential backoff and jitter, a bounded number of times, as the AWS
 * guide on batch operations asks.
 */
export async function batchWrite(
  target: BatchTarget,
  op: string,
  requests: readonly BatchRequest[],
  options: BatchWriteOptions = {},
): Promise<void> {
  const chunks = chunksOf(lastWritePerKey(requests), BATCH_SIZE);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < chunks.length) {
      const chunk = chunks[next++]!;
      try {
        await writeChunk(target, op, chunk, options);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const workers = Math.min(options.concurrency ?? 4, chunks.length);
  await Promise.all(Array.from({ length: workers }, worker));
}

async function writeChunk(
  target: BatchTarget,
  op: string,
  chunk: readonly BatchRequest[],
  options: BatchWriteOptions,
): Promise<void> {
  const maxAttempts = options.maxAttempts ?? 8;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let pending: readonly BatchRequest[] = chunk;
  for (let attempt = 1; ; attempt++) {
    const output = await target.client.send(
      new BatchWriteCommand({ RequestItems: { [target.tableName]: [...pending] }, ...target.capacityRequest }),
    );
    target.meter(op, 'write', output.ConsumedCapacity);
    pending = (output.UnprocessedItems?.[target.tableName] ?? []) as BatchRequest[];
    if (pending.length === 0) return;
    if (attempt >= maxAttempts) throw new BatchWriteIncomplete(op, pending.length, attempt);
    await sleep(backoffMs(attempt, options));
  }
}

/** Full jitter: a random wait up to an exponentially growing ceiling. */
function backoffMs(attempt: number, options: BatchWriteOptions): number {
  const ceiling = Math.min(options.maxDelayMs ?? 2_000, (options.baseDelayMs ?? 50) * 2 ** (attempt - 1));
  return Math.random() * ceiling;
}

/**
 * DynamoDB rejects a batch that names one key twice, so only the last request per key is
 * kept: the same outcome as writing them one after another.
 */
function lastWritePerKey(requests: readonly BatchRequest[]): BatchRequest[] {
  const byKey = new Map<string, BatchRequest>();
  for (const request of requests) {
    const key = 'PutRequest' in request ? request.PutRequest.Item : request.DeleteRequest.Key;
    const id = JSON.stringify([key.pk, key.sk]);
    byKey.delete(id);
    byKey.set(id, request);
  }
  return [...byKey.values()];
}

function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
