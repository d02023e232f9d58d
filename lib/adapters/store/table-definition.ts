/**
 * The one table, as plain data: its keys, the two schedule indexes, the end-time index and
 * its TTL attribute.
 * The CDK stack and the local harness both build the table from this, so production and
 * DynamoDB Local can never disagree on a key name. No SDK imports on purpose: infra reads it too.
 */

export type KeyAttributeType = 'S' | 'N' | 'B';

export interface KeyAttribute {
  readonly name: string;
  readonly type: KeyAttributeType;
}

export interface GlobalSecondaryIndexDefinition {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  readonly projection: 'ALL' | 'KEYS_ONLY';
}

export interface TableDefinition {
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  readonly globalSecondaryIndexes: readonly GlobalSecondaryIndexDefinition[];
  /** Epoch seconds; DynamoDB deletes an item some time after this instant passes. */
  readonly timeToLiveAttribute: string;
}

export const TABLE = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  globalSecondaryIndexes: [
    // No due index: who is due is read from the user's contacts (one Query of small items,
    // once a day for the proposal run). An index keyed by due date cost two more write units
    // on every contact write that moved the date (every meeting): 20 a user-day, where the
    // daily read costs about 15 read units, a fifth of the price (bench: cost model).
    {
      // Every user's profile, spread over SWEEP_SHARDS partitions (domain/schedule.ts): the
      // 15-minute sweep lists its users shard by shard. Keys only: the worker reads the rest.
      indexName: 'bySweepShard',
      partitionKey: { name: 'sweepPk', type: 'S' },
      sortKey: { name: 'pk', type: 'S' },
      projection: 'KEYS_ONLY',
    },
    {
      // Profiles by the UTC hour of their next proposal run: the hourly tick reads one partition.
      indexName: 'byProposalHour',
      partitionKey: { name: 'proposePk', type: 'S' },
      sortKey: { name: 'pk', type: 'S' },
      projection: 'KEYS_ONLY',
    },
    {
      // Sparse: only events that could become meetings (someone invited, not cancelled), by end.
      // A sweep after an event ended reads just the events that ended since the last inference,
      // not every stored event (bench: ~76 read units a connection-set down to one or two).
      // ALL: those events are what inference needs, and a KEYS_ONLY index would cost a read each.
      indexName: 'byEventEnd',
      partitionKey: { name: 'endPk', type: 'S' },
      sortKey: { name: 'endAt', type: 'S' },
      projection: 'ALL',
    },
  ],
  timeToLiveAttribute: 'expiresAt',
} as const satisfies TableDefinition;

export const SWEEP_INDEX = TABLE.globalSecondaryIndexes[0];
export const PROPOSAL_HOUR_INDEX = TABLE.globalSecondaryIndexes[1];
export const EVENT_END_INDEX = TABLE.globalSecondaryIndexes[2];
