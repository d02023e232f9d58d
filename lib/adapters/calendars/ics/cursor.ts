import * as z from 'zod';
import { cursorCodec } from '../cursor-codec.js';
import type { WindowMs } from './timing.js';

/**
 * The ICS source's sync cursor: opaque to callers, JSON inside. It says which window the last
 * snapshot covered, a fingerprint of the bytes it was read from (fingerprint.ts: DTSTAMP lines
 * left out; a cursor from before that reads its feed as changed once), and the validators
 * (ETag, Last-Modified, or file mtime + size) that let the next read skip an unchanged feed.
 */

const FeedCursorSchema = z.object({
  v: z.literal(1),
  covers: z.object({ fromMs: z.number(), toMs: z.number() }),
  sha256: z.string(),
  etag: z.string().optional(),
  lastModified: z.string().optional(),
  mtimeMs: z.number().optional(),
  size: z.number().optional(),
});

export type FeedCursor = z.infer<typeof FeedCursorSchema>;

const codec = cursorCodec(FeedCursorSchema);
export const decodeCursor = codec.decode;
export const encodeCursor = codec.encode;

const DAY_MS = 86_400_000;

/**
 * The window a snapshot is expanded over: the requested one widened to whole UTC days plus one
 * day ahead. A sync window slides with every run; without the slack every run would need a
 * full read, because new recurring instances enter the window even when the feed is unchanged.
 */
export function coverageFor(window: WindowMs): WindowMs {
  return {
    fromMs: Math.floor(window.fromMs / DAY_MS) * DAY_MS,
    toMs: Math.ceil(window.toMs / DAY_MS) * DAY_MS + DAY_MS,
  };
}

export function covers(coverage: WindowMs, window: WindowMs): boolean {
  return coverage.fromMs <= window.fromMs && window.toMs <= coverage.toMs;
}
