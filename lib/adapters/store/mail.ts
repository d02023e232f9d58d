import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { compareText } from '../../core/domain/canonical-json.js';
import { isValidMailId, type MailMessage, type MailRecord } from '../../core/domain/mail.js';
import { MAIL_ATTEMPT_LEASE_MS, type MailRepository } from '../../core/ports/mail.js';
import type { ReadOptions } from '../../core/ports/store.js';
import { InvalidKey } from '../../core/ports/store-errors.js';
import type { StoreContext } from './context.js';
import { batchGetAll } from './batch-get.js';
import { putOnCondition } from './conditional-put.js';
import { pullWake } from './wake.js';
import { mailBodyKey, mailDueKey, mailDuePrefix, mailKey, mailPrefix, suppressionKey, ttlSecondsOf, userPartition, withoutStoreAttributes } from './keys.js';
import { prefixQuery, queryAll } from './query.js';
import { getItem } from './read.js';
import { transactWrite, type TransactItem } from './transact.js';
import { TABLE } from './table-definition.js';

/**
 * Items of one outbox message, all with the same TTL (180 days after it was recorded):
 * - `MAILBODY#<id>`: the message's text, HTML and calendar part, written once. A write costs a
 *   unit per KB of the whole item, and the record is written three times (recorded, taken for
 *   sending, sent): with the body inside, a 14 KB digest cost 84 units, apart it costs about 20.
 * - `MAIL#<id>`: the record (the message's header and the delivery fields, `bodyApart: true`).
 *   Written with a condition, so one cause never makes two messages. A record nothing will
 *   change (kept in the outbox without a transport, or suppressed) holds the whole message: it
 *   is written once either way, so apart would only cost a second item and request. Records of
 *   earlier releases hold the whole message too; they are read as they are and split on their
 *   next change.
 * - `MAILDUE#<id>` with `dueAt`: present only while the message is still owed (pending, or failed
 *   with a retry planned). Every sweep asks whether mail is owed, so a user with nothing owed
 *   must cost one keys-only query that finds nothing, as the booking `STEP#` markers do.
 */

const RETENTION_SECONDS = 180 * 86_400;
/** Longer than any recording takes: a marker this old without its record was left by a crash. */
const ABANDONED_MARKER_MS = 60 * 60_000;
const TTL = TABLE.timeToLiveAttribute;

type MailBody = Pick<MailMessage, 'text' | 'html' | 'calendar'>;

/** The record as the domain knows it (the store's keys, the TTL and the split marker removed), with its body. */
function recordOf(item: Record<string, unknown>, body?: Record<string, unknown>): MailRecord {
  const { [TTL]: _ttl, bodyApart: _apart, ...rest } = withoutStoreAttributes<Record<string, unknown>>(item);
  const record = rest as unknown as MailRecord;
  if (item.bodyApart !== true) return record;
  const { text, html, calendar } = (body ?? {}) as Partial<MailBody>;
  return { ...record, message: { ...record.message, text: text ?? '', html: html ?? '', ...(calendar ? { calendar } : {}) } };
}

/** The record without its body: what `MAIL#` holds. */
function headerOf(record: MailRecord): Record<string, unknown> {
  const { text: _text, html: _html, calendar: _calendar, ...header } = record.message;
  return { ...record, message: header, bodyApart: true };
}

function bodyOf(message: MailMessage): MailBody {
  return { text: message.text, html: message.html, ...(message.calendar ? { calendar: message.calendar } : {}) };
}

/** Kept (no transport) or suppressed: recorded as it will stay, never taken or sent. */
function isFinalOnRecord(record: MailRecord): boolean {
  return record.status === 'kept' || record.status === 'suppressed';
}

/** When the message is owed from, or undefined when nothing more will be tried. */
function dueAtOf(record: MailRecord): string | undefined {
  // A pending message someone took for sending is owed again when that attempt's lease ends.
  if (record.status === 'pending') return record.retryAt ?? record.createdAt;
  if (record.status === 'failed') return record.retryAt;
  return undefined;
}

export function createMailRepository(ctx: StoreContext): MailRepository {
  const ttlOf = (record: MailRecord) => ttlSecondsOf(record.createdAt) + RETENTION_SECONDS;
  /** The record's put: its header (the body apart), or the whole message for a record nothing will change. */
  const recordPut = (record: MailRecord, condition: string, whole = false): TransactItem => ({
    Put: {
      TableName: ctx.tableName,
      Item: { ...(whole ? record : headerOf(record)), ...mailKey(record.userId, record.message.id), entity: 'Mail', [TTL]: ttlOf(record) },
      ConditionExpression: condition,
    },
  });
  const bodyPut = (record: MailRecord): TransactItem => ({
    Put: { TableName: ctx.tableName, Item: { ...bodyOf(record.message), ...mailBodyKey(record.userId, record.message.id), entity: 'MailBody', [TTL]: ttlOf(record) } },
  });
  const dueChange = (record: MailRecord): TransactItem => {
    const dueAt = dueAtOf(record);
    const key = mailDueKey(record.userId, record.message.id);
    return dueAt
      ? { Put: { TableName: ctx.tableName, Item: { ...key, entity: 'MailDue', dueAt, [TTL]: ttlOf(record) } } }
      : { Delete: { TableName: ctx.tableName, Key: key } };
  };
  /** Records and bodies of `ids`, in the order asked. */
  const readMany = async (userId: string, ids: string[], op = 'mail.read'): Promise<MailRecord[]> => {
    const keys = ids.flatMap((id) => [mailKey(userId, id), mailBodyKey(userId, id)]);
    const items = new Map((await batchGetAll(ctx, op, keys, { consistent: true })).map((item) => [String(item.sk), item]));
    return ids.flatMap((id) => {
      const item = items.get(mailKey(userId, id).sk);
      return item ? [recordOf(item, items.get(mailBodyKey(userId, id).sk))] : [];
    });
  };

  const readOne = async (userId: string, id: string): Promise<MailRecord | null> => {
    if (!isValidMailId(id)) return null;
    return (await readMany(userId, [id], 'mail.get'))[0] ?? null;
  };

  const removeDue = async (userId: string, id: string): Promise<void> => {
    const output = await ctx.client.send(new DeleteCommand({ TableName: ctx.tableName, Key: mailDueKey(userId, id), ...ctx.capacityRequest }));
    ctx.meter('mail.due', 'write', output.ConsumedCapacity);
  };

  /**
   * An owed message wakes the user's sweep when it falls due, which finishes it unless someone
   * has. One just recorded is being sent now: its sweep comes when that attempt's lease would end.
   */
  const wakeWhenOwed = (record: MailRecord): Promise<void> => {
    const dueAt = dueAtOf(record);
    if (dueAt === undefined) return Promise.resolve();
    const fresh = record.status === 'pending' && record.retryAt === undefined;
    return pullWake(ctx, record.userId, fresh ? new Date(Date.parse(dueAt) + MAIL_ATTEMPT_LEASE_MS).toISOString() : dueAt);
  };

  /** The owed-from marker follows the record; a crash in between leaves it early or stale, which `owed` tolerates and clears. */
  const writeDue = async (record: MailRecord): Promise<void> => {
    const change = dueChange(record);
    if (!change.Put) return removeDue(record.userId, record.message.id);
    const output = await ctx.client.send(new PutCommand({ ...change.Put, ...ctx.capacityRequest }));
    ctx.meter('mail.due', 'write', output.ConsumedCapacity);
    await wakeWhenOwed(record);
  };

  /**
   * The delivery fields change with one conditional write of the record (no transaction: it
   * would double the units), then the marker. A record of an earlier release (the whole
   * message inside) is split first, in one transaction with its body. `stillOwed` adds that the
   * stored record is pending or failed (a claim: a message sent meanwhile is not taken again).
   */
  const update = async (record: MailRecord, expectedAttempts = record.attempts, options: { stillOwed?: boolean; marker?: boolean } = {}): Promise<'updated' | 'stale'> => {
    const owed = options.stillOwed === true;
    const put = recordPut(record, `attribute_exists(pk) AND attempts = :attempts AND bodyApart = :apart${owed ? ' AND #status IN (:pending, :failed)' : ''}`);
    Object.assign(put.Put!, {
      ExpressionAttributeValues: { ':attempts': expectedAttempts, ':apart': true, ...(owed && { ':pending': 'pending', ':failed': 'failed' }) },
      ...(owed && { ExpressionAttributeNames: { '#status': 'status' } }),
    });
    const { TableName: _table, ...input } = put.Put!;
    if (!(await putOnCondition(ctx, 'mail.update', input))) {
      const stored = await getItem(ctx, 'mail.update', mailKey(record.userId, record.message.id));
      // Another attempt took the message meanwhile (or raced this one): it owns the record now.
      if (!stored || stored.bodyApart === true || stored.attempts !== expectedAttempts) return 'stale';
      if (owed && stored.status !== 'pending' && stored.status !== 'failed') return 'stale';
      const split = recordPut(record, 'attribute_exists(pk) AND attempts = :attempts AND attribute_not_exists(bodyApart)');
      split.Put!.ExpressionAttributeValues = { ':attempts': expectedAttempts };
      const outcome = await transactWrite(ctx, 'mail.update', [split, bodyPut(record)]);
      if (!outcome.committed) return 'stale';
    }
    if (options.marker !== false) await writeDue(record);
    return 'updated';
  };

  /** Owed now, and from when the next one is owed (see the port). */
  const owed = async (userId: string, now: string, options: ReadOptions = {}): Promise<{ due: MailRecord[]; laterAt?: string }> => {
    const nowMs = Date.parse(now);
    const markers = await queryAll(ctx, 'mail.unfinished', {
      ...prefixQuery(userPartition(userId), mailDuePrefix),
      ConsistentRead: options.eventual !== true,
      ProjectionExpression: 'sk, dueAt',
    });
    const due: Record<string, unknown>[] = [];
    const later: number[] = [];
    for (const marker of markers) {
      const dueMs = typeof marker.dueAt === 'string' ? Date.parse(marker.dueAt) : Number.NaN;
      if (dueMs <= nowMs) due.push(marker);
      else if (dueMs > nowMs) later.push(dueMs);
    }
    const ids = due.map((m) => String(m.sk).slice(mailDuePrefix.length));
    const records = await readMany(userId, ids);
    // A marker whose record is finished (a crash between the record's write and the marker's): cleared.
    for (const finished of records.filter((r) => dueAtOf(r) === undefined)) await writeDue(finished);
    // A marker whose record never came (a crash before it, and no retry since): cleared once
    // no recording can still be on its way, so it is not read on every sweep for 180 days.
    const found = new Set(records.map((r) => r.message.id));
    const abandoned = ids.filter((id, i) => !found.has(id) && nowMs - Date.parse(String(due[i]!.dueAt)) >= ABANDONED_MARKER_MS);
    for (const id of abandoned) await removeDue(userId, id);
    // Owed from later (taken by an attempt whose lease runs, or a retry not yet due): not now.
    const owedNow: MailRecord[] = [];
    for (const record of records) {
      const dueAt = dueAtOf(record);
      if (dueAt === undefined) continue;
      if (Date.parse(dueAt) <= nowMs) owedNow.push(record);
      else later.push(Date.parse(dueAt));
    }
    return { due: owedNow, ...(later.length > 0 && { laterAt: new Date(Math.min(...later)).toISOString() }) };
  };

  return {
    async record(record, options = {}) {
      if (!isValidMailId(record.message.id)) throw new InvalidKey(`not a mail id: ${JSON.stringify(record.message.id)}`);
      // Almost no address is suppressed; one that becomes so during this call may still get
      // this one message, as it would a moment earlier. A replica's answer is as good.
      if (options.unlessSuppressed !== undefined && (await getItem(ctx, 'mail.record', suppressionKey(record.userId, options.unlessSuppressed), { eventual: true })) !== undefined) {
        // A message recorded before the address was suppressed is still that message.
        return (await getItem(ctx, 'mail.record', mailKey(record.userId, record.message.id))) === undefined ? 'suppressed' : 'exists';
      }
      // Plain conditional writes, in an order a crash anywhere leaves safe (a transaction costs
      // two units an item): the body and the owed marker, then the record, which decides. A
      // crash before the record leaves a marker that the caller's retry completes or
      // `owed` clears. A marker already there (an earlier attempt, a message owed) is kept.
      const whole = isFinalOnRecord(record);
      const { TableName: _table, ...body } = bodyPut(record).Put!;
      const due = dueChange(record).Put;
      await Promise.all([
        whole ? undefined : putOnCondition(ctx, 'mail.record', { ...body, ConditionExpression: 'attribute_not_exists(pk)' }),
        due ? putOnCondition(ctx, 'mail.due', { Item: due.Item, ConditionExpression: 'attribute_not_exists(pk)' }).then((put) => (put ? wakeWhenOwed(record) : undefined)) : undefined,
      ]);
      const header = recordPut(record, 'attribute_not_exists(pk)', whole).Put!;
      const created = await putOnCondition(ctx, 'mail.record', { Item: header.Item, ConditionExpression: header.ConditionExpression });
      return created ? 'created' : 'exists';
    },

    get: readOne,

    /**
     * Newest first: every record's key and time (a user keeps a few hundred at most: 180 days of
     * mail), then the newest `limit` whole. The page is seldom opened; an entry kept in time
     * order would cost every message a write and a request to spare it that.
     */
    async list(userId, limit = 50) {
      const items = await queryAll(ctx, 'mail.list', {
        ...prefixQuery(userPartition(userId), mailPrefix),
        ConsistentRead: false,
        ProjectionExpression: 'sk, createdAt',
      });
      const newest = items
        .map((item) => ({ id: String(item.sk).slice(mailPrefix.length), createdAt: String(item.createdAt) }))
        .sort((a, b) => compareText(b.createdAt, a.createdAt) || compareText(b.id, a.id))
        .slice(0, limit);
      return readMany(userId, newest.map((entry) => entry.id));
    },

    owed: (userId, now, options) => owed(userId, now, options),

    async claim(record, until) {
      if (record.status !== 'pending' && record.status !== 'failed') return null;
      const claimed: MailRecord = { ...record, status: 'pending', attempts: record.attempts + 1, retryAt: until };
      // The condition is the read: still at the attempts the caller saw, and still owed. The owed
      // marker is left as it is: an attempt ends by moving or removing it, and a sweep that
      // meets it meanwhile reads a record owed from `until`, not now.
      const taken = await update(claimed, record.attempts, { stillOwed: true, marker: false });
      return taken === 'updated' ? claimed : null;
    },

    update,
  };
}
