import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { MailSuppressionRepository } from '../../core/ports/mail.js';
import type { StoreContext } from './context.js';
import { isConditionalCheckFailed } from './errors.js';
import { suppressionKey, suppressionPrefix, userPartition } from './keys.js';
import { prefixQuery, queryAll } from './query.js';
import { batchGetAll } from './batch-get.js';
import { getItem } from './read.js';

/**
 * Item: `{ pk: USER#<id>, sk: SUPPRESS#<email>, entity: 'MailSuppression', email, reason, at }`.
 * No TTL: an address that asked for no more mail, bounced or complained stays off the list
 * until a person decides otherwise. The first reason is kept: a later unsubscribe must not turn
 * a bounce (which stops every kind of mail) into an opt-out (which stops only some).
 */

type Reason = 'unsubscribed' | 'bounced' | 'complained';
const REASONS: readonly Reason[] = ['unsubscribed', 'bounced', 'complained'];

export function createSuppressionRepository(ctx: StoreContext): MailSuppressionRepository {
  return {
    async reasonFor(userId, email) {
      const item = await getItem(ctx, 'suppressions.reasonFor', suppressionKey(userId, email));
      return item && REASONS.includes(item.reason as Reason) ? (item.reason as Reason) : null;
    },

    async reasonsFor(userId, emails) {
      const keys = [...new Set(emails.map((email) => email.trim().toLowerCase()))].map((email) => suppressionKey(userId, email));
      // A replica's answer is as good as the single read's (mail.ts).
      const items = keys.length > 0 ? await batchGetAll(ctx, 'suppressions.reasonsFor', keys, { consistent: false }) : [];
      // Keyed by the address the key holds (lower case, as the caller's are), not the stored attribute.
      return new Map(items.filter((item) => REASONS.includes(item.reason as Reason)).map((item) => [String(item.sk).slice(suppressionPrefix.length), item.reason as Reason]));
    },

    async add(userId, email, reason, at) {
      const key = suppressionKey(userId, email);
      try {
        const output = await ctx.client.send(
          new PutCommand({
            TableName: ctx.tableName,
            Item: { ...key, entity: 'MailSuppression', email: email.trim().toLowerCase(), reason, at },
            // An unsubscribe never overwrites; a bounce or complaint overwrites an unsubscribe (it stops more).
            ConditionExpression: reason === 'unsubscribed' ? 'attribute_not_exists(pk)' : 'attribute_not_exists(pk) OR reason = :unsubscribed',
            ...(reason !== 'unsubscribed' && { ExpressionAttributeValues: { ':unsubscribed': 'unsubscribed' } }),
            ...ctx.capacityRequest,
          }),
        );
        ctx.meter('suppressions.add', 'write', output.ConsumedCapacity);
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
      }
    },

    async list(userId) {
      const items = await queryAll(ctx, 'suppressions.list', prefixQuery(userPartition(userId), suppressionPrefix));
      return items.map((item) => ({ email: String(item.email), reason: String(item.reason), at: String(item.at) }));
    },
  };
}
