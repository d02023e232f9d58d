import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { StoreContext } from './context.js';
import { putOnCondition } from './conditional-put.js';
import { branchKeyKey, credentialKey, pushRouteKey, ttlSecondsOf } from './keys.js';
import type { BranchKeyRepository, CredentialRepository, PushRoute, PushRouteRepository } from '../../core/ports/connections.js';
import { getItem } from './read.js';

/** Item: `{ pk: USER#<id>, sk: CRED#<connectionId>, entity: 'Credential', sealed }`. */
export function createCredentialRepository(ctx: StoreContext): CredentialRepository {
  return {
    async get(userId, connectionId) {
      const item = await getItem(ctx, 'credentials.get', credentialKey(userId, connectionId));
      return typeof item?.sealed === 'string' ? item.sealed : null;
    },

    async put(userId, connectionId, sealed) {
      assertSealed(sealed);
      const output = await ctx.client.send(
        new PutCommand({
          TableName: ctx.tableName,
          Item: { ...credentialKey(userId, connectionId), entity: 'Credential', sealed },
          ...ctx.capacityRequest,
        }),
      );
      ctx.meter('credentials.put', 'write', output.ConsumedCapacity);
    },

    async replace(userId, connectionId, expected, sealed) {
      assertSealed(sealed);
      return putOnCondition(ctx, 'credentials.replace', {
        Item: { ...credentialKey(userId, connectionId), entity: 'Credential', sealed },
        ConditionExpression: 'sealed = :expected',
        ExpressionAttributeValues: { ':expected': expected },
      });
    },

    async delete(userId, connectionId) {
      const output = await ctx.client.send(new DeleteCommand({ TableName: ctx.tableName, Key: credentialKey(userId, connectionId), ...ctx.capacityRequest }));
      ctx.meter('credentials.delete', 'write', output.ConsumedCapacity);
    },
  };
}

function assertSealed(sealed: string): void {
  if (!/^v[12]\./.test(sealed)) throw new Error('credentials are stored sealed, never in the clear');
}

/** Item: `{ pk: KEYRING, sk: BRANCH#<id>, entity: 'BranchKey', wrapped }`: the key as the master key wrapped it. */
export function createBranchKeyRepository(ctx: StoreContext): BranchKeyRepository {
  return {
    async get(branchId) {
      const item = await getItem(ctx, 'branchKeys.get', branchKeyKey(branchId));
      return typeof item?.wrapped === 'string' ? Buffer.from(item.wrapped, 'base64') : null;
    },

    create(branchId, wrapped) {
      return putOnCondition(ctx, 'branchKeys.create', {
        Item: { ...branchKeyKey(branchId), entity: 'BranchKey', wrapped: wrapped.toString('base64') },
        ConditionExpression: 'attribute_not_exists(pk)',
      });
    },
  };
}

/**
 * Item: `{ pk: PUSH#<provider>#<channelId>, sk: PUSH, entity: 'PushRoute', userId, connectionId, routeExpiresAt, expiresAt: TTL }`.
 * The TTL (a day after the channel's own expiry) clears routes of channels nobody renewed.
 */
export function createPushRouteRepository(ctx: StoreContext): PushRouteRepository {
  return {
    async get(provider, channelId) {
      const item = await getItem(ctx, 'pushRoutes.get', pushRouteKey(provider, channelId));
      if (!item) return null;
      return { provider, userId: String(item.userId), connectionId: String(item.connectionId), expiresAt: String(item.routeExpiresAt) };
    },

    async put(channelId, route: PushRoute) {
      const output = await ctx.client.send(
        new PutCommand({
          TableName: ctx.tableName,
          Item: {
            ...pushRouteKey(route.provider, channelId),
            entity: 'PushRoute',
            userId: route.userId,
            connectionId: route.connectionId,
            routeExpiresAt: route.expiresAt,
            expiresAt: ttlSecondsOf(route.expiresAt) + 86_400,
          },
          ...ctx.capacityRequest,
        }),
      );
      ctx.meter('pushRoutes.put', 'write', output.ConsumedCapacity);
    },

    async delete(provider, channelId) {
      const output = await ctx.client.send(new DeleteCommand({ TableName: ctx.tableName, Key: pushRouteKey(provider, channelId), ...ctx.capacityRequest }));
      ctx.meter('pushRoutes.delete', 'write', output.ConsumedCapacity);
    },
  };
}
