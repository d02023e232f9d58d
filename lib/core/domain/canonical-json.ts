/**
 * JSON with object keys in code-unit order, so two equal values always give the same string
 * whatever order their keys were built in. Inference uses it to order and choose between
 * copies of an event without depending on input order; arrays keep their order because it is
 * part of the data (an attendee list as the calendar gave it).
 */
export function canonicalJsonOf(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isPlainObject(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => compareText(a, b))) : v,
  );
}

/**
 * Compares by UTF-16 code units. `localeCompare` would make the order depend on the
 * machine's locale, and the domain must give the same answer everywhere.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
