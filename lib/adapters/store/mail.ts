import { BatchGetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { isValidMailId, type MailRecord } from '../../core/domain/mail.js';
import type { MailRepository } from '../../core/ports/mail.js';
import { ConcurrentUpdate, InvalidKey } from '../../core/ports/store-errors.js';
import type { StoreContext } from './context.js';
import { mailDueKey, mailDuePrefix, mailKey, mailOrderKey, mailOrderPrefix, suppressionKey, ttlSecondsOf, userPartition, withoutStoreAttributes } from './keys.js';
import { prefixQuery, queryAll } from './query.js';
import { getItem } from './read.js';
import { CONDITION_FAILED, transactWrite, type TransactItem } from './transact.js';
import { TABLE } from './table-definition.js';

/**
 * Items of one outbox message, all with the same TTL (180 days after it was recorded):
 * - `MAIL#<id>`: the record (message and delivery fields). Written first with a condition, so
 *   one cause never makes two messages.
 * - `MAILAT#<created>#<id>`: nothing but its key; the outbox page reads the newest of these.
 * - `MAILDUE#<id>` with `dueAt`: present only while the message is still owed (pending, or failed
 *   with a retry planned). The sweep visits every user every 15 minutes, so a user with nothing
 *   owed must cost one keys-only query that finds nothing, as the booking `STEP#` markers do.
 */

const RETENTION_SECONDS = 180 * 86_400;
const TTL = TABLE.timeToLiveAttribute;

/** When the message is owed from, or undefined when nothing more will be tried. */
/** The record as the domain knows it: the store's keys and the TTL removed. */
function recordOf(item: Record<string, unknown>): MailRecord {
  const { [TTL]: _ttl, ...rest } = withoutStoreAttributes<Record<string, unknown>>(item);
  return rest as unknown as MailRecord;
}

function dueAtOf(record: MailRecord): string | undefined {
  // A pending message someone took for sending is owed again when that attempt's lease ends.
  if (record.status === 'pending') return record.retryAt ?? record.createdAt;
  if (record.status === 'failed') return record.retryAt;
  return undefined;
}

export function createMailRepository(ctx: StoreContext): MailRepository {
  const ttlOf = (record: MailRecord) => ttlSecondsOf(record.createdAt) + RETENTION_SECONDS;
  const recordPut = (record: MailRecord, condition: string): TransactItem => ({
    Put: {
      TableName: ctx.tableName,
      Item: { ...record, ...mailKey(record.userId, record.message.id), entity: 'Mail', [TTL]: ttlOf(record) },
      ConditionExpression: condition,
    },
  });
  const dueChange = (record: MailRecord): TransactItem => {
    const dueAt = dueAtOf(record);
    const key = mailDueKey(record.userId, record.message.id);
    return dueAt
      ? { Put: { TableName: ctx.tableName, Item: { ...key, entity: 'MailDue', dueAt, [TTL]: ttlOf(record) } } }
      : { Delete: { TableName: ctx.tableName, Key: key } };
  };
  const readMany = async (userId: string, ids: string[]): Promise<MailRecord[]> => {
    const found = new Map<string, MailRecord>();
    for (let i = 0; i < ids.length; i += 100) {
      let keys: Record<string, unknown>[] = ids.slice(i, i + 100).map((id) => ({ ...mailKey(userId, id) }));
      // BatchGet may hand keys back unprocessed under load: ask again for those.
      for (let attempt = 0; keys.length > 0 && attempt < 8; attempt++) {
        const output = await ctx.client.send(new BatchGetCommand({ RequestItems: { [ctx.tableName]: { Keys: keys, ConsistentRead: true } }, ...ctx.capacityRequest }));
        ctx.meter('mail.read', 'read', output.ConsumedCapacity);
        for (const item of output.Responses?.[ctx.tableName] ?? []) {
          const record = recordOf(item);
          found.set(record.message.id, record);
        }
        keys = output.UnprocessedKeys?.[ctx.tableName]?.Keys ?? [];
        if (keys.length > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * 50 * (attempt + 1)));
      }
    }
    return ids.flatMap((id) => found.get(id) ?? []);
  };

  const readOne = async (userId: string, id: string): Promise<MailRecord | null> => {
    if (!isValidMailId(id)) return null;
    const item = await getItem(ctx, 'mail.get', mailKey(userId, id));
    return item ? recordOf(item) : null;
  };
  const update = async (record: MailRecord, expectedAttempts = record.attempts): Promise<'updated' | 'stale'> => {
    const put = recordPut(record, 'attribute_exists(pk) AND attempts = :attempts');
    put.Put!.ExpressionAttributeValues = { ':attempts': expectedAttempts };
    const outcome = await transactWrite(ctx, 'mail.update', [put, dueChange(record)]);
    // Not committed: another attempt took the message meanwhile (or raced this one): it owns the record now.
    return outcome.committed ? 'updated' : 'stale';
  };

  return {
    async record(record, options = {}) {
      if (!isValidMailId(record.message.id)) throw new InvalidKey(`not a mail id: ${JSON.stringify(record.message.id)}`);
      const unlessSuppressed = options.unlessSuppressed;
      const outcome = await transactWrite(ctx, 'mail.record', [
        recordPut(record, 'attribute_not_exists(pk)'),
        { Put: { TableName: ctx.tableName, Item: { ...mailOrderKey(record.userId, record.createdAt, record.message.id), entity: 'MailOrder', [TTL]: ttlOf(record) } } },
        dueChange(record),
        ...(unlessSuppressed === undefined
          ? []
          : [{ ConditionCheck: { TableName: ctx.tableName, Key: suppressionKey(record.userId, unlessSuppressed), ConditionExpression: 'attribute_not_exists(pk)' } }]),
      ]);
      if (outcome.committed) return 'created';
      if (outcome.reasons[0] === CONDITION_FAILED) return 'exists';
      if (outcome.reasons[3] === CONDITION_FAILED) return 'suppressed';
      // Two writers of the same new id at once: whichever committed owns it, the other sees it exists.
      if ((await getItem(ctx, 'mail.record', mailKey(record.userId, record.message.id))) !== undefined) return 'exists';
      throw new ConcurrentUpdate(`mail.record: ${record.message.id} was refused (${outcome.reasons.join(', ')})`);
    },

    get: readOne,

    async list(userId, limit = 50) {
      const output = await ctx.client.send(
        new QueryCommand({
          TableName: ctx.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': userPartition(userId), ':prefix': mailOrderPrefix },
          ScanIndexForward: false,
          Limit: limit,
          ProjectionExpression: 'sk',
          ...ctx.capacityRequest,
        }),
      );
      ctx.meter('mail.list', 'read', output.ConsumedCapacity);
      const ids = (output.Items ?? []).map((item) => String(item.sk).slice(String(item.sk).lastIndexOf('#') + 1));
      return readMany(userId, ids);
    },

    async unfinished(userId, now) {
      const markers = await queryAll(ctx, 'mail.unfinished', {
        ...prefixQuery(userPartition(userId), mailDuePrefix),
        ConsistentRead: false,
        ProjectionExpression: 'sk, dueAt',
      });
      const due = markers.filter((m) => typeof m.dueAt === 'string' && Date.parse(m.dueAt) <= Date.parse(now));
      return readMany(userId, due.map((m) => String(m.sk).slice(mailDuePrefix.length)));
    },

    async claim(userId, id, attempts, until) {
      const current = await readOne(userId, id);
      if (!current || current.attempts !== attempts || (current.status !== 'pending' && current.status !== 'failed')) return null;
      const claimed: MailRecord = { ...current, status: 'pending', attempts: attempts + 1, retryAt: until };
      return (await update(claimed, attempts)) === 'updated' ? claimed : null;
    },

    update,
  };
}
