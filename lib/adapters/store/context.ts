import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Capacity one store operation consumed, as DynamoDB reported it. */
export interface ConsumedUnits {
  read: number;
  write: number;
  /** The repository operation, e.g. `contacts.update`. */
  op: string;
}

export type ConsumedCapacityListener = (units: ConsumedUnits) => void;

/** What every repository shares: the client, the table, and the optional capacity meter. */
export interface StoreContext {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** The current instant; only where a key depends on it (a profile's proposal-hour bucket). */
  now(): string;
  /** Spread into each request: asks DynamoDB for consumed capacity only when someone counts. */
  readonly capacityRequest: { ReturnConsumedCapacity?: 'TOTAL' };
  /** Reports what a response says it consumed (no-op without a listener). */
  meter(op: string, kind: 'read' | 'write', consumed: ConsumedCapacity | ConsumedCapacity[] | undefined): void;
  /** Told of a sweep wake-up that could not be recorded (best effort: adapters/store/wake.ts), so it is seen in the logs. */
  pullFailed(userId: string, error: unknown): void;
}

export function createStoreContext(
  client: DynamoDBDocumentClient,
  tableName: string,
  onConsumedCapacity?: ConsumedCapacityListener,
  now: () => string = () => new Date().toISOString(),
  onPullFailed: (userId: string, error: unknown) => void = () => {},
  onOperation?: (op: string) => void,
): StoreContext {
  return {
    client,
    tableName,
    now,
    pullFailed: onPullFailed,
    capacityRequest: onConsumedCapacity ? { ReturnConsumedCapacity: 'TOTAL' } : {},
    meter(op, kind, consumed) {
      onOperation?.(op);
      if (!onConsumedCapacity || consumed === undefined) return;
      const units = { op, read: 0, write: 0 };
      for (const entry of Array.isArray(consumed) ? consumed : [consumed]) {
        // With TOTAL, DynamoDB always fills CapacityUnits and only sometimes the read/write
        // split, so the kind of call decides where an unsplit total goes.
        const total = entry.CapacityUnits ?? 0;
        units.read += entry.ReadCapacityUnits ?? (kind === 'read' ? total : 0);
        units.write += entry.WriteCapacityUnits ?? (kind === 'write' ? total : 0);
      }
      onConsumedCapacity(units);
    },
  };
}
