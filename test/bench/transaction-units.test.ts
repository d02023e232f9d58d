import { describe, expect, it } from 'vitest';
import { itemBytes, transactionWriteUnits } from '../../bench/transaction-units.js';

const put = (item: Record<string, unknown>) => ({ Put: { Item: item } });

describe('the write units the bench counts for a transaction (as DynamoDB bills it)', () => {
  it('two a small item, each item on its own', () => {
    expect(transactionWriteUnits({ TransactItems: [put({ pk: 'a', sk: '1' })] })).toBe(2);
    expect(transactionWriteUnits({ TransactItems: Array.from({ length: 10 }, (_, i) => put({ pk: 'a', sk: String(i) })) })).toBe(20);
  });

  it('two per started KB of a put item; other kinds at the 1 KB minimum', () => {
    expect(transactionWriteUnits({ TransactItems: [put({ pk: 'a', body: 'x'.repeat(3000) })] })).toBe(6);
    expect(transactionWriteUnits({ TransactItems: [put({ pk: 'a' }), { ConditionCheck: {} }, { Update: {} }, { Delete: {} }] })).toBe(8);
  });

  it('sizes an item alike whether it is plain or marshalled', () => {
    const plain = { pk: 'USER#1', n: 12345, tags: ['a', 'b'], nested: { at: '2027-01-01' }, ok: true };
    const marshalled = { pk: { S: 'USER#1' }, n: { N: '12345' }, tags: { L: [{ S: 'a' }, { S: 'b' }] }, nested: { M: { at: { S: '2027-01-01' } } }, ok: { BOOL: true } };
    expect(itemBytes(marshalled)).toBe(itemBytes(plain));
    expect(itemBytes({ pk: 'abc' })).toBe(5);
  });
});
