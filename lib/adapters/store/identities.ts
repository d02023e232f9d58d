import { createHash } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { StoreContext } from './context.js';
import { isConditionalCheckFailed } from './errors.js';
import type { ItemKey } from './keys.js';
import { StoreError } from '../../core/ports/store-errors.js';
import { type IdentityRepository, type ProviderAccount } from '../../core/ports/store.js';
import { getItem } from './read.js';

/**
 * Which Rapport user a provider account signs in as. A sign-in arrives with only the account
 * the provider vouched for, so the item lives outside every user partition, in its own:
 * `pk = IDENTITY#<provider>#<SHA-256 of the account id>`, `sk = IDENTITY`,
 * `{ entity: 'Identity', provider, userId, createdAt }`.
 *
 * The account id is hashed: the key then has a fixed shape whatever the provider's id holds
 * (a `#`, an address), and the table's keys do not list who signs in. The item is written
 * once, with a condition, and never changed: an account belongs to the first user it was
 * bound to.
 */

const IDENTITY = 'IDENTITY';

export function identityKey(account: ProviderAccount): ItemKey {
  const digest = createHash('sha256').update(account.id).digest('base64url');
  return { pk: `${IDENTITY}#${account.provider}#${digest}`, sk: IDENTITY };
}

/** The item vanished between a refused write and the read that follows (nothing deletes identities). */
export class IdentityVanished extends StoreError {
  override name = 'IdentityVanished';
}

export function createIdentityRepository(ctx: StoreContext): IdentityRepository {
  const ownerOf = async (account: ProviderAccount): Promise<string | null> => {
    const item = await getItem(ctx, 'identities.ownerOf', identityKey(account));
    return typeof item?.userId === 'string' ? item.userId : null;
  };

  return {
    ownerOf,

    async bind(account, userId, now) {
      try {
        const output = await ctx.client.send(
          new PutCommand({
            TableName: ctx.tableName,
            Item: { ...identityKey(account), entity: 'Identity', provider: account.provider, userId, createdAt: now },
            // Two first sign-ins racing with the same account: exactly one put succeeds, the
            // other learns the winner below, so the account never ends up with two users.
            ConditionExpression: 'attribute_not_exists(pk)',
            ...ctx.capacityRequest,
          }),
        );
        ctx.meter('identities.bind', 'write', output.ConsumedCapacity);
        return userId;
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
        const owner = await ownerOf(account);
        if (owner === null) throw new IdentityVanished(`the ${account.provider} identity was refused as taken but is not there`, { cause: error });
        return owner;
      }
    },
  };
}
