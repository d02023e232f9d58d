/**
 * What DynamoDB bills for a TransactWriteItems: two write units per item per KB of the item
 * (rounded up, each item on its own). DynamoDB Local reports a flat figure instead (4 for a
 * transaction of one small item or of ten, measured), so the bench counts the units itself.
 * A Put's size is its item's; an Update, Delete or ConditionCheck is billed on the stored item,
 * which the request does not carry: those count at the 1 KB minimum, a lower bound.
 */

const TYPES = new Set(['S', 'N', 'B', 'BOOL', 'NULL', 'L', 'M', 'SS', 'NS', 'BS']);
const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

interface TransactInput {
  TransactItems?: { Put?: { Item?: Record<string, unknown> }; Update?: unknown; Delete?: unknown; ConditionCheck?: unknown }[];
}

export function transactionWriteUnits(input: TransactInput): number {
  return (input.TransactItems ?? []).reduce((units, item) => units + 2 * Math.max(1, Math.ceil((item.Put?.Item ? itemBytes(item.Put.Item) : 0) / 1024)), 0);
}

/** An item's size as DynamoDB measures it: each attribute's name and value. */
export function itemBytes(item: Record<string, unknown>): number {
  return Object.entries(item).reduce((sum, [name, value]) => sum + utf8(name) + valueBytes(value), 0);
}

/** Numbers take about one byte per two significant digits, plus one. */
function numberBytes(text: string): number {
  const digits = text.replace(/[^0-9]/g, '').replace(/^0+/, '').length;
  return Math.ceil(digits / 2) + 1;
}

/** A value in either form the client may hold at that point: plain, or marshalled ({ S: … }). */
function valueBytes(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return utf8(value);
  if (typeof value === 'number' || typeof value === 'bigint') return numberBytes(String(value));
  if (value instanceof Uint8Array) return value.length;
  if (value instanceof Set) return [...value].reduce<number>((sum, v) => sum + valueBytes(v), 0);
  if (Array.isArray(value)) return 3 + value.reduce<number>((sum, v) => sum + 1 + valueBytes(v), 0);
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1 && TYPES.has(entries[0]![0])) {
    const [type, inner] = entries[0]!;
    if (type === 'N') return numberBytes(String(inner));
    if (type === 'NS') return (inner as string[]).reduce((sum, n) => sum + numberBytes(n), 0);
    if (type === 'M') return 3 + Object.entries(inner as Record<string, unknown>).reduce((sum, [k, v]) => sum + utf8(k) + 1 + valueBytes(v), 0);
    return valueBytes(inner);
  }
  return 3 + entries.reduce((sum, [k, v]) => sum + utf8(k) + 1 + valueBytes(v), 0);
}
