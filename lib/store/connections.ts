import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { StoreContext } from './context.js';
import { isConditionalCheckFailed } from './errors.js';
import { connectionKey, connectionPrefix, userPartition, withoutStoreAttributes } from './keys.js';
import { AlreadyExists, NotFound, type Connection, type ConnectionPatch, type ConnectionRepository } from './model.js';
import { prefixQuery, queryAll } from './query.js';

/** Item: `{ pk: USER#<id>, sk: CONN#<connectionId>, entity: 'Connection', ...Connection }`. */
export function createConnectionRepository(ctx: StoreContext): ConnectionRepository {
  return {
    async list(userId) {
      const items = await queryAll(ctx, 'connections.list', prefixQuery(userPartition(userId), connectionPrefix));
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
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
        throw new AlreadyExists(`connection ${connection.id} already exists`, { cause: error });
      }
    },

    async saveSyncState(userId, connectionId, state) {
      const set = ['#cursor = :cursor', '#status = :status', 'lastSyncAt = :lastSyncAt'];
      const remove: string[] = [];
      // A successful sync clears the last failure instead of leaving a stale message behind.
      if (state.lastError !== undefined) set.push('lastError = :lastError');
      else remove.push('lastError');
      if (typeof state.nextEndAt === 'string') set.push('nextEndAt = :nextEndAt');
      else if (state.nextEndAt === null) remove.push('nextEndAt');
      const lastError = remove.length ? ` REMOVE ${remove.join(', ')}` : '';
      try {
        const output = await ctx.client.send(
          new UpdateCommand({
            TableName: ctx.tableName,
            Key: connectionKey(userId, connectionId),
            // Without the condition an update would create a connection with only sync fields.
            ConditionExpression: 'attribute_exists(pk)',
            UpdateExpression: `SET ${set.join(', ')}${lastError}`,
            ExpressionAttributeNames: { '#cursor': 'cursor', '#status': 'status' },
            ExpressionAttributeValues: {
              ':cursor': state.cursor,
              ':status': state.status,
              ':lastSyncAt': state.lastSyncAt,
              ...(state.lastError !== undefined && { ':lastError': state.lastError }),
              ...(typeof state.nextEndAt === 'string' && { ':nextEndAt': state.nextEndAt }),
            },
            ...ctx.capacityRequest,
          }),
        );
        ctx.meter('connections.saveSyncState', 'write', output.ConsumedCapacity);
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
        throw new NotFound(`connection ${connectionId} not found`, { cause: error });
      }
    },

    async update(userId, connectionId, patch) {
      const { expression, names, values } = updateExpressionOf(patch);
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
        ctx.meter('connections.update', 'write', output.ConsumedCapacity);
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
        throw new NotFound(`connection ${connectionId} not found`, { cause: error });
      }
    },
  };
}

/** `SET` for the fields given a value, `REMOVE` for those given `undefined`. */
function updateExpressionOf(patch: ConnectionPatch): { expression: string; names: Record<string, string>; values: Record<string, unknown> } {
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
