import { UpdateCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { StoreContext } from './context.js';
import { InvalidKey } from '../../core/ports/store-errors.js';
import { isConditionalCheckFailed } from './errors.js';
import { profileKey, userIdOfPartition } from './keys.js';
import { proposalHourKey, scheduleAttributes, sweepShardKey } from './schedule-keys.js';
import type { ScheduleRepository, UserPage } from '../../core/ports/store.js';
import { PROPOSAL_HOUR_INDEX, SWEEP_INDEX, type GlobalSecondaryIndexDefinition } from './table-definition.js';

/**
 * Reads the schedule indexes page by page (a tick streams pages into the queue rather than
 * holding every user in memory) and re-places a profile after its proposal run.
 */
/** A page is a queue batch's worth of work, not a 1 MB wall of ids. */
const PAGE_SIZE = 500;

export function createScheduleRepository(ctx: StoreContext): ScheduleRepository {
  async function page(op: string, index: GlobalSecondaryIndexDefinition, partition: string, next: string | undefined, pageSize: number): Promise<UserPage> {
    const output = await ctx.client.send(
      new QueryCommand({
        TableName: ctx.tableName,
        IndexName: index.indexName,
        KeyConditionExpression: '#p = :p',
        ExpressionAttributeNames: { '#p': index.partitionKey.name },
        ExpressionAttributeValues: { ':p': partition },
        Limit: pageSize,
        ExclusiveStartKey: next === undefined ? undefined : (JSON.parse(Buffer.from(next, 'base64url').toString('utf8')) as Record<string, unknown>),
        ...ctx.capacityRequest,
      }),
    );
    ctx.meter(op, 'read', output.ConsumedCapacity);
    return {
      userIds: (output.Items ?? []).map((item) => userIdOfPartition(String(item.pk))),
      next: output.LastEvaluatedKey ? Buffer.from(JSON.stringify(output.LastEvaluatedKey)).toString('base64url') : undefined,
    };
  }

  return {
    sweepShard(shard, next, pageSize = PAGE_SIZE) {
      return page('schedule.sweepShard', SWEEP_INDEX, sweepShardKey(shard), next, pageSize);
    },

    proposalHour(hour, next, pageSize = PAGE_SIZE) {
      if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw new InvalidKey(`hour ${hour} is not in 0..23`);
      return page('schedule.proposalHour', PROPOSAL_HOUR_INDEX, proposalHourKey(hour), next, pageSize);
    },

    async reschedule(userId, settings, currentHour) {
      const { proposePk } = scheduleAttributes(userId, settings, ctx.now());
      // The usual case: the worker knows the bucket it came from and nothing moved.
      if (currentHour !== undefined && proposePk === proposalHourKey(currentHour)) return;
      try {
        const output = await ctx.client.send(
          new UpdateCommand({
            TableName: ctx.tableName,
            Key: profileKey(userId),
            UpdateExpression: 'SET proposePk = :p',
            // Never bring back a profile that was deleted meanwhile.
            ConditionExpression: 'attribute_exists(pk) AND proposePk <> :p',
            ExpressionAttributeValues: { ':p': proposePk },
            ...ctx.capacityRequest,
          }),
        );
        ctx.meter('schedule.reschedule', 'write', output.ConsumedCapacity);
      } catch (error) {
        if (isConditionalCheckFailed(error)) return;
        throw error;
      }
    },
  };
}
