import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type DynamoDBClient,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { asDocumentClient } from '../adapters/store/client.js';
import { createTableInput, timeToLiveInput } from '../adapters/store/create-table.js';

export class TableNotReady extends Error {
  override name = 'TableNotReady';
}

export interface EnsureTableOptions {
  /** How long to wait for the table and its index to become ACTIVE. Default 30 s. */
  timeoutMs?: number;
}

/**
 * Creates the table from the shared definition when it does not exist, adds indexes a newer
 * definition has and an older data folder's table lacks, waits until it and its indexes are
 * ACTIVE, and switches TTL on. Safe to call on every start. For local use and tests; in AWS
 * the CDK stack owns the table.
 */
export async function ensureTable(
  anyClient: DynamoDBClient | DynamoDBDocumentClient,
  tableName: string,
  options: EnsureTableOptions = {},
): Promise<void> {
  // The document client shares the plain client's stack and sends table commands unchanged.
  const client = asDocumentClient(anyClient);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const existing = await describe(client, tableName);
  if (existing === null) {
    try {
      await client.send(new CreateTableCommand(createTableInput(tableName)));
    } catch (error) {
      // Another process created it between our describe and create: that is fine.
      if (!(error instanceof Error && error.name === 'ResourceInUseException')) throw error;
    }
  } else {
    await addMissingIndexes(client, tableName, existing, timeoutMs);
  }
  await waitUntilActive(client, tableName, timeoutMs);
  await enableTimeToLive(client, tableName);
}

/** DynamoDB creates one index per UpdateTable call, each after the previous is ACTIVE. */
async function addMissingIndexes(client: DynamoDBDocumentClient, tableName: string, table: TableDescription, timeoutMs: number): Promise<void> {
  const wanted = createTableInput(tableName);
  const present = new Set((table.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  for (const index of wanted.GlobalSecondaryIndexes ?? []) {
    if (present.has(index.IndexName)) continue;
    await waitUntilActive(client, tableName, timeoutMs);
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: wanted.AttributeDefinitions,
        GlobalSecondaryIndexUpdates: [{ Create: { IndexName: index.IndexName, KeySchema: index.KeySchema, Projection: index.Projection } }],
      }),
    );
  }
}

async function describe(client: DynamoDBDocumentClient, tableName: string): Promise<TableDescription | null> {
  try {
    const output = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return output.Table ?? null;
  } catch (error) {
    if (error instanceof Error && error.name === 'ResourceNotFoundException') return null;
    throw error;
  }
}

/**
 * The SDK's waiter polls every 20 s at least; DynamoDB Local is ready in milliseconds, so a
 * short poll keeps test and local start-up fast.
 */
async function waitUntilActive(client: DynamoDBDocumentClient, tableName: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const table = await describe(client, tableName);
    const indexesActive = (table?.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE');
    if (table?.TableStatus === 'ACTIVE' && indexesActive) return;
    if (Date.now() > deadline) throw new TableNotReady(`table ${tableName} not ACTIVE after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * DynamoDB Local (1.25) accepts and reports the TTL setting but never deletes expired items,
 * so code must not rely on expiry for correctness (check `expiresAt` when reading), locally
 * or in AWS, where deletion may lag by days.
 */
async function enableTimeToLive(client: DynamoDBDocumentClient, tableName: string): Promise<void> {
  const current = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  const status = current.TimeToLiveDescription?.TimeToLiveStatus;
  if (status === 'ENABLED' || status === 'ENABLING') return;
  await client.send(new UpdateTimeToLiveCommand(timeToLiveInput(tableName)));
}
