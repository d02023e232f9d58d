import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { dynamoDbClientFor, ensureTable } from '../../lib/local/dynamodb-local.js';
import type { Store } from '../../lib/core/ports/store.js';
import { createStore, type StoreOptions } from '../../lib/adapters/store/store.js';

export interface FreshTable {
  client: DynamoDBDocumentClient;
  tableName: string;
  store: Store;
}

/** The endpoint of the run's shared DynamoDB Local (see global-setup.ts). */
export function dynamoEndpoint(): string {
  const endpoint = inject('dynamoEndpoint') ?? process.env.RAPPORT_TEST_DYNAMODB_ENDPOINT;
  if (!endpoint) throw new Error('No DynamoDB Local endpoint: is test/support/global-setup.ts in vitest.config.ts?');
  return endpoint;
}

/** A new, uniquely named table on the shared instance, so each test file has its own data. */
export async function freshTable(options: Pick<StoreOptions, 'onConsumedCapacity'> = {}): Promise<FreshTable> {
  const client = dynamoDbClientFor(dynamoEndpoint());
  const tableName = `rapport-test-${randomUUID()}`;
  await ensureTable(client, tableName);
  return { client, tableName, store: createStore({ client, tableName, ...options }) };
}

/** A user id no other test uses, for tests that share a table. */
export function uniqueUserId(): string {
  return `user-${randomUUID()}`;
}
