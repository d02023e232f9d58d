import { describe, expect, test } from 'vitest';
import { createTableInput, timeToLiveInput } from '../../../lib/adapters/store/create-table.js';
import { InvalidKey, StoreRequestFailed } from '../../../lib/core/ports/store-errors.js';
import { canonicalInstant, dueOrderOf } from '../../../lib/adapters/store/keys.js';
import { createStore } from '../../../lib/adapters/store/store.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoEndpoint, freshTable } from '../../support/dynamo.js';
import { dynamoDbClientFor, ensureTable, startDynamoDbLocal } from '../../../lib/local/dynamodb-local.js';
import { aContact } from './fixtures.js';

describe('table definition', () => {
  test('CreateTable input: on demand, pk/sk, keys-only schedule indexes, events by end (no due index)', () => {
    expect(createTableInput('t')).toEqual({
      TableName: 't',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
        { AttributeName: 'sweepPk', AttributeType: 'S' },
        { AttributeName: 'proposePk', AttributeType: 'S' },
        { AttributeName: 'endPk', AttributeType: 'S' },
        { AttributeName: 'endAt', AttributeType: 'S' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'bySweepShard',
          KeySchema: [
            { AttributeName: 'sweepPk', KeyType: 'HASH' },
            { AttributeName: 'pk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
        {
          IndexName: 'byProposalHour',
          KeySchema: [
            { AttributeName: 'proposePk', KeyType: 'HASH' },
            { AttributeName: 'pk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
        {
          IndexName: 'byEventEnd',
          KeySchema: [
            { AttributeName: 'endPk', KeyType: 'HASH' },
            { AttributeName: 'endAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    });
    expect(timeToLiveInput('t')).toEqual({ TableName: 't', TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true } });
  });
});

describe('ensureTable', () => {
  test('switches TTL on for expiresAt (DynamoDB Local records it, though it never expires items)', async () => {
    const { client, tableName } = await freshTable();
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    expect(ttl.TimeToLiveDescription).toMatchObject({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
  });

  test('a data folder’s table from an older release gains the indexes it lacks, its items kept', async () => {
    // A data folder of its own, as `npm start` has: the old release made the table, the new one
    // starts on the same files. (Its own instance, too: DynamoDB Local builds indexes on one
    // background thread, which the whole suite's shared instance keeps busy.)
    const dbPath = mkdtempSync(join(tmpdir(), 'rapport-old-data-'));
    const tableName = 'rapport';
    const older = createTableInput(tableName);
    const before = await startDynamoDbLocal({ dbPath });
    try {
      const client = dynamoDbClientFor(before.endpoint);
      await client.send(
        new CreateTableCommand({
          ...older,
          AttributeDefinitions: older.AttributeDefinitions!.filter((a) => !['proposePk', 'endPk', 'endAt'].includes(a.AttributeName!)),
          GlobalSecondaryIndexes: older.GlobalSecondaryIndexes!.slice(0, 1),
        }),
      );
      await client.send(new PutCommand({ TableName: tableName, Item: { pk: 'USER#old', sk: 'PROFILE', timeZone: 'UTC' } }));
    } finally {
      await before.stop();
    }
    const after = await startDynamoDbLocal({ dbPath });
    try {
      const client = dynamoDbClientFor(after.endpoint);
      await ensureTable(client, tableName);
      const table = (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table!;
      expect(table.GlobalSecondaryIndexes!.map((i) => i.IndexName).sort()).toEqual(['byEventEnd', 'byProposalHour', 'bySweepShard']);
      expect(table.GlobalSecondaryIndexes!.every((i) => i.IndexStatus === 'ACTIVE')).toBe(true);
      expect((await client.send(new GetCommand({ TableName: tableName, Key: { pk: 'USER#old', sk: 'PROFILE' } }))).Item).toMatchObject({ timeZone: 'UTC' });
    } finally {
      await after.stop();
    }
  }, 90_000);
});

describe('keys', () => {
  test('only tracked contacts have a place in the due order', () => {
    expect(dueOrderOf(aContact({ email: 'Ana@X.org', nextDueAt: '2027-03-01T09:00:00Z' }))).toBe('2027-03-01T09:00:00.000Z#ana@x.org');
    expect(dueOrderOf(aContact({ email: 'a@x.org', ignored: true }))).toBeNull();
    expect(dueOrderOf(aContact({ email: 'a@x.org', tier: null }))).toBeNull();
    expect(dueOrderOf(aContact({ email: 'a@x.org', nextDueAt: null }))).toBeNull();
  });

  test('instants are normalised to one sortable UTC form; zoneless strings are refused', () => {
    expect(canonicalInstant('2027-03-10T13:45:00+13:45')).toBe('2027-03-10T00:00:00.000Z');
    expect(canonicalInstant('2027-03-10T00:00:00Z')).toBe('2027-03-10T00:00:00.000Z');
    expect(() => canonicalInstant('2027-03-10T00:00:00')).toThrow(InvalidKey);
    expect(() => canonicalInstant('next tuesday Z')).toThrow(InvalidKey);
  });
});

describe('errors', () => {
  test('an SDK failure reaches callers as StoreRequestFailed naming the operation, the SDK error only as cause', async () => {
    const store = createStore({ client: dynamoDbClientFor(dynamoEndpoint()), tableName: 'no-such-table' });
    const failure = await store.profiles.get('u').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StoreRequestFailed);
    expect(failure).toMatchObject({ message: 'profiles.get failed', cause: { name: 'ResourceNotFoundException' } });
  });
});
