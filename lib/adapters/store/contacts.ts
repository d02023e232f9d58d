import { randomInt } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { batchGetAll } from './batch-get.js';
import { canonicalJsonOf } from '../../core/domain/canonical-json.js';
import type { Contact } from '../../core/domain/contact.js';
import { batchWrite } from './batch.js';
import type { StoreContext } from './context.js';
import { ConcurrentUpdate } from '../../core/ports/store-errors.js';
import { isConditionalCheckFailed } from './errors.js';
import {
  contactKey,
  contactPrefix,
  dueBefore,
  dueOrderOf,
  introPrefix,
  notePrefixOf,
  userPartition,
  withoutStoreAttributes,
  type ItemKey,
} from './keys.js';
import { NotFound } from '../../core/ports/store-errors.js';
import { type ContactPatch, type ContactRepository } from '../../core/ports/store.js';
import { prefixQuery, queryAll } from './query.js';

/** Item: `{ pk: USER#<id>, sk: CONTACT#<email>, entity: 'Contact', version, ...Contact }`. */

/** Conditional writes an update may lose to concurrent writers before it gives up. */
const UPDATE_ATTEMPTS = 5;

export function createContactRepository(ctx: StoreContext): ContactRepository {
  const read = async (userId: string, email: string, op: string) => {
    const output = await ctx.client.send(
      // Consistent: an update must merge into the latest version, not a replica's older one.
      new GetCommand({ TableName: ctx.tableName, Key: contactKey(userId, email), ConsistentRead: true, ...ctx.capacityRequest }),
    );
    ctx.meter(op, 'read', output.ConsumedCapacity);
    return output.Item;
  };

  /**
   * Read-modify-write under an optimistic lock: `change` always sees the latest stored
   * contact, so a sync and a user's edit never overwrite each other's fields.
   */
  const modify = async (userId: string, email: string, change: (current: Contact) => Contact): Promise<Contact> => {
    for (let attempt = 1; attempt <= UPDATE_ATTEMPTS; attempt++) {
      const item = await read(userId, email, 'contacts.update');
      if (!item) throw new NotFound('contact not found');
      const current = withoutStoreAttributes<Contact>(item);
      const merged = { ...change(current), email: current.email };
      if (canonicalJsonOf(merged) === canonicalJsonOf(current)) return current;
      const version = typeof item.version === 'number' ? item.version : undefined;
      try {
        const output = await ctx.client.send(
          new PutCommand({
            TableName: ctx.tableName,
            Item: contactItem(userId, merged, (version ?? 0) + 1),
            // Also fails when the contact was deleted meanwhile: an update never creates one.
            ConditionExpression:
              version === undefined ? 'attribute_exists(pk) AND attribute_not_exists(#version)' : '#version = :version',
            ExpressionAttributeNames: { '#version': 'version' },
            ...(version !== undefined && { ExpressionAttributeValues: { ':version': version } }),
            ...ctx.capacityRequest,
          }),
        );
        ctx.meter('contacts.update', 'write', output.ConsumedCapacity);
        return merged;
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
      }
    }
    throw new ConcurrentUpdate(`contact changed concurrently ${UPDATE_ATTEMPTS} times; giving up`);
  };

  return {
    async get(userId, email) {
      const item = await read(userId, email, 'contacts.get');
      return item ? withoutStoreAttributes<Contact>(item) : null;
    },

    async list(userId) {
      const items = await queryAll(ctx, 'contacts.list', prefixQuery(userPartition(userId), contactPrefix));
      return items.map((item) => withoutStoreAttributes<Contact>(item));
    },

    async putMany(userId, contacts) {
      await batchWrite(
        ctx,
        'contacts.putMany',
        // A batch put can neither increment nor check a version, so it stamps a random one:
        // any update that read the overwritten item then fails its lock and re-reads.
        contacts.map((contact) => ({ PutRequest: { Item: contactItem(userId, contact, randomInt(1, 2 ** 47)) } })),
      );
    },

    update(userId, email, patch) {
      return modify(userId, email, (current) => applyPatch(current, patch));
    },

    modify(userId, email, change) {
      return modify(userId, email, change);
    },

    async getMany(userId, emails, options = {}) {
      const keys = [...new Set(emails.map((email) => email.toLowerCase()))].map((email) => contactKey(userId, email));
      const items = await batchGetAll(ctx, 'contacts.getMany', keys, { consistent: options.eventual !== true });
      return items.map((item) => withoutStoreAttributes<Contact>(item));
    },

    async due(userId, before, limit) {
      if (limit !== undefined && limit <= 0) return [];
      // Every contact, read from a replica (as the due index of earlier releases was): who is
      // due changes by the day, not by the second.
      const items = await queryAll(ctx, 'contacts.due', prefixQuery(userPartition(userId), contactPrefix, { eventual: true }));
      const cutoff = dueBefore(before);
      const due = items
        .map((item) => withoutStoreAttributes<Contact>(item))
        .map((contact) => ({ contact, order: dueOrderOf(contact) }))
        .filter((c): c is { contact: Contact; order: string } => c.order !== null && c.order < cutoff)
        .sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0))
        .map((c) => c.contact);
      return limit === undefined ? due : due.slice(0, limit);
    },

    async delete(userId, email) {
      const who = email.trim().toLowerCase();
      const existed = (await read(userId, who, 'contacts.delete')) !== undefined;
      const pk = userPartition(userId);
      // Only keys are needed: the projection keeps these reads small.
      const keysOnly = { ProjectionExpression: 'pk, sk, contactEmail, otherEmail' };
      const [notes, intros] = await Promise.all([
        queryAll(ctx, 'contacts.delete', { ...prefixQuery(pk, notePrefixOf(who)), ...keysOnly }),
        // Entries about someone else that name this contact go too: one query of the whole log.
        queryAll(ctx, 'contacts.delete', { ...prefixQuery(pk, introPrefix), ...keysOnly }),
      ]);
      const keys: ItemKey[] = [
        contactKey(userId, who),
        ...notes.map(keyOf),
        ...intros.filter((i) => i.contactEmail === who || i.otherEmail === who).map(keyOf),
      ];
      await batchWrite(ctx, 'contacts.delete', keys.map((Key) => ({ DeleteRequest: { Key } })));
      return existed ? 'deleted' : 'already-gone';
    },
  };
}

function keyOf(item: Record<string, unknown>): ItemKey {
  return { pk: String(item.pk), sk: String(item.sk) };
}

/** The stored item: the contact, its key and its lock version. */
function contactItem(userId: string, contact: Contact, version: number) {
  return {
    ...contact,
    ...contactKey(userId, contact.email),
    entity: 'Contact',
    version,
  };
}

/**
 * A patch field present with the value `undefined` clears that optional field (e.g. ending a
 * snooze); absent fields are kept. The email is the key and never changes.
 */
function applyPatch(current: Contact, patch: ContactPatch): Contact {
  const merged: Record<string, unknown> = { ...current, ...patch, email: current.email };
  for (const [name, value] of Object.entries(merged)) if (value === undefined) delete merged[name];
  return merged as unknown as Contact;
}
