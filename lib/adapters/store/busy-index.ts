import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { BusyInterval } from '../../core/domain/busy-time.js';
import type { BusyIndexRepository, StoredBusy } from '../../core/ports/store.js';
import type { StoreContext } from './context.js';
import { busyKey, busyPrefix, userPartition } from './keys.js';
import { prefixQuery, queryAll } from './query.js';

/**
 * Item: `{ pk: USER#<id>, sk: BUSY#<connectionId>, entity: 'BusyIndex', connectionId, from, to,
 * spans, busyFrom?, updatedAt }`. The intervals are packed as one string of epoch-minute pairs
 * ("start-end,start-end", base 36): 10,000 intervals fit in about 120 KB, far under the 400 KB
 * item limit, where a DynamoDB list of maps would cost several times that in size and units.
 */
export function createBusyIndexRepository(ctx: StoreContext): BusyIndexRepository {
  return {
    async list(userId) {
      const items = await queryAll(ctx, 'busy.list', prefixQuery(userPartition(userId), busyPrefix));
      return items.map(storedBusyOf);
    },

    async put(userId, busy: StoredBusy) {
      const { intervals, ...rest } = busy;
      const output = await ctx.client.send(
        new PutCommand({
          TableName: ctx.tableName,
          Item: { ...rest, spans: pack(intervals), ...busyKey(userId, busy.connectionId), entity: 'BusyIndex' },
          ...ctx.capacityRequest,
        }),
      );
      ctx.meter('busy.put', 'write', output.ConsumedCapacity);
    },
  };
}

/** A stored busy-index item as the port's value (also read by bookings' one-query read of free/busy). */
export function storedBusyOf(item: Record<string, unknown>): StoredBusy {
  return {
    connectionId: String(item.connectionId),
    from: String(item.from),
    to: String(item.to),
    intervals: unpack(String(item.spans ?? '')),
    ...(typeof item.busyFrom === 'string' ? { busyFrom: item.busyFrom } : {}),
    updatedAt: String(item.updatedAt),
  };
}

const MINUTE_MS = 60_000;

/** Busy time is kept to the minute: a start rounds down and an end up, so nothing busy ever shrinks. */
function pack(intervals: readonly BusyInterval[]): string {
  return intervals
    .map((i) => `${Math.floor(Date.parse(i.start) / MINUTE_MS).toString(36)}-${Math.ceil(Date.parse(i.end) / MINUTE_MS).toString(36)}`)
    .join(',');
}

function unpack(spans: string): BusyInterval[] {
  if (spans === '') return [];
  return spans.split(',').map((pair) => {
    const [start, end] = pair.split('-') as [string, string];
    return { start: new Date(parseInt(start, 36) * MINUTE_MS).toISOString(), end: new Date(parseInt(end, 36) * MINUTE_MS).toISOString() };
  });
}
