import { pullWake } from './wake.js';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { StoreContext } from './context.js';
import { isConditionalCheckFailed } from './errors.js';
import { connectionKey, connectionPrefix, userPartition, withoutStoreAttributes } from './keys.js';
import { AlreadyExists, NotFound } from '../../core/ports/store-errors.js';
import { type Connection, type ConnectionRepository } from '../../core/ports/connections.js';
import { prefixQuery, queryAll } from './query.js';

/** Item: `{ pk: USER#<id>, sk: CONN#<connectionId>, entity: 'Connection', ...Connection }`. */
export function createConnectionRepository(ctx: StoreContext): ConnectionRepository {
  return {
    async list(userId, options) {
      const items = await queryAll(ctx, 'connections.list', prefixQuery(userPartition(userId), connectionPrefix, options));
      return items.map((item) => withoutStoreAttributes<Connection>(item));
    },

    async get(userId, connectionId) {
      const output = await ctx.client.send(
        new GetCommand({
          TableName: ctx.tableName,
          Key: connectionKey(userId, connectionId),
          ConsistentRead: true,
          ...ctx.capacityRequest,
        }),
      );
      ctx.meter('connections.get', 'read', output.ConsumedCapacity);
      return output.Item ? withoutStoreAttributes<Connection>(output.Item) : null;
    },

    async create(userId, connection) {
      try {
        const output = await ctx.client.send(
          new PutCommand({
            TableName: ctx.tableName,
            Item: { ...connection, ...connectionKey(userId, connection.id), entity: 'Connection' },
            // A second create must not overwrite the first one's tokens and sync state.
            ConditionExpression: 'attribute_not_exists(pk)',
            ...ctx.capacityRequest,
          }),
        );
        ctx.meter('connections.create', 'write', output.ConsumedCapacity);
        // A calendar never read: the next tick sweeps it.
        await pullWake(ctx, userId, ctx.now());
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
        throw new AlreadyExists(`connection ${connection.id} already exists`, { cause: error });
      }
    },

    saveSyncState(userId, connectionId, state) {
      return patch('connections.saveSyncState', userId, connectionId, {
        cursor: state.cursor,
        status: state.status,
        lastSyncAt: state.lastSyncAt,
        // A successful sync clears the last failure instead of leaving a stale message behind.
        lastError: state.lastError,
        // Omitted: left as stored; null: removed.
        ...(state.nextEndAt !== undefined && { nextEndAt: state.nextEndAt ?? undefined }),
        ...(state.warnings !== undefined && { warnings: state.warnings ?? undefined }),
      });
    },

    update(userId, connectionId, fields) {
      return patch('connections.update', userId, connectionId, fields);
    },
  };

  /** Changes fields of an existing connection; never creates one (a sync racing a delete). */
  async function patch(op: string, userId: string, connectionId: string, fields: Record<string, unknown>): Promise<void> {
    const { expression, names, values } = updateExpressionOf(fields);
    if (!expression) return;
    try {
      const output = await ctx.client.send(
        new UpdateCommand({
          TableName: ctx.tableName,
          Key: connectionKey(userId, connectionId),
          ConditionExpression: 'attribute_exists(pk)',
          UpdateExpression: expression,
          ExpressionAttributeNames: names,
          ...(Object.keys(values).length > 0 && { ExpressionAttributeValues: values }),
          ...ctx.capacityRequest,
        }),
      );
      ctx.meter(op, 'write', output.ConsumedCapacity);
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      throw new NotFound(`connection ${connectionId} not found`, { cause: error });
    }
  }
}

/** `SET` for the fields given a value, `REMOVE` for those given `undefined`. */
function updateExpressionOf(patch: Record<string, unknown>): { expression: string; names: Record<string, string>; values: Record<string, unknown> } {
  const set: string[] = [];
  const remove: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(patch)) {
    names[`#${field}`] = field;
    if (value === undefined) remove.push(`#${field}`);
    else {
      set.push(`#${field} = :${field}`);
      values[`:${field}`] = value;
    }
  }
  const expression = [set.length ? `SET ${set.join(', ')}` : '', remove.length ? `REMOVE ${remove.join(', ')}` : ''].filter(Boolean).join(' ');
  return { expression, names, values };
}
