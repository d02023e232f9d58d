import * as z from 'zod';

/**
 * The connection's cursor for Google: one sync token per calendar that counts (each calendar
 * has its own token life), and how far ahead the last full sync read. Stored as JSON in the
 * connection's `cursor`.
 */

const CursorSchema = z.object({
  v: z.literal(1),
  /** calendar id → nextSyncToken of its last list. */
  tokens: z.record(z.string(), z.string()),
  /** The full sync's timeMax: later events were never listed, so a window reaching past it needs a new full sync. */
  coveredTo: z.string(),
});

export type GoogleCursor = z.infer<typeof CursorSchema>;

export function decodeCursor(cursor: string | null): GoogleCursor | undefined {
  if (!cursor) return undefined;
  try {
    const parsed = CursorSchema.safeParse(JSON.parse(cursor));
    return parsed.success ? parsed.data : undefined;
  } catch {
    // Not ours (say, a cursor from before this format): a full sync replaces it.
    return undefined;
  }
}

export function encodeCursor(cursor: GoogleCursor): string {
  return JSON.stringify(cursor);
}

/**
 * True when the tokens can be used for `calendarIds` and `windowTo`: the same calendars count
 * as when they were made, and the window does not reach past what the full sync covered.
 */
export function canContinue(cursor: GoogleCursor, calendarIds: readonly string[], windowTo: string): boolean {
  const ids = Object.keys(cursor.tokens);
  return ids.length === calendarIds.length && calendarIds.every((id) => ids.includes(id)) && Date.parse(windowTo) <= Date.parse(cursor.coveredTo);
}
