import * as z from 'zod';
import { cursorCodec } from '../cursor-codec.js';

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

const codec = cursorCodec(CursorSchema);
export const decodeCursor = codec.decode;
export const encodeCursor = codec.encode;

/**
 * True when the tokens can be used for `calendarIds` and `windowTo`: the same calendars count
 * as when they were made, and the window does not reach past what the full sync covered.
 */
export function canContinue(cursor: GoogleCursor, calendarIds: readonly string[], windowTo: string): boolean {
  const ids = Object.keys(cursor.tokens);
  return ids.length === calendarIds.length && calendarIds.every((id) => ids.includes(id)) && Date.parse(windowTo) <= Date.parse(cursor.coveredTo);
}
