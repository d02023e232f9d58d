import { createHash } from 'node:crypto';
import * as z from 'zod';
import { cursorCodec } from '../cursor-codec.js';

/**
 * The connection's cursor for Outlook: the delta link, plus which Graph ids stand for which
 * stored events. A removal names only the Graph id; the map (short hashes, to stay small) turns
 * it back into the instance key sync stores events under. Stored as JSON in the connection's
 * `cursor`.
 */

const CursorSchema = z.object({
  v: z.literal(1),
  /** `@odata.deltaLink` of the last listing. */
  link: z.string(),
  /** shortHash(Graph id) → shortHash(instance key). */
  ids: z.record(z.string(), z.string()),
});

export type MicrosoftCursor = z.infer<typeof CursorSchema>;

const codec = cursorCodec(CursorSchema);
export const decodeCursor = codec.decode;
export const encodeCursor = codec.encode;

export function shortHash(value: string): string {
  return createHash('sha256').update(value).digest('base64url').slice(0, 12);
}
