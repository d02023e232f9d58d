import { createHash } from 'node:crypto';

/**
 * What a feed's cursor remembers of its bytes, to tell a real change from a new copy of the
 * same calendar. DTSTAMP lines are left out: some feed generators stamp every event with the
 * moment the copy was made, so the bytes differ on every fetch while no event has changed, and
 * nothing Rapport reads from a feed comes from DTSTAMP. Without this, every sweep of such a
 * feed would read and infer over all of its stored events.
 */

const LF = 0x0a;
const STAMP = 'dtstamp';

/** SHA-256 (hex) of the bytes without their DTSTAMP properties (and those lines' folded continuations). */
export function feedFingerprint(bytes: Uint8Array): string {
  const hash = createHash('sha256');
  // Kept lines are hashed a run at a time (one call per stamp, not per line: a 20 MB feed has
  // half a million lines).
  let keptFrom = 0;
  let skipping = false;
  for (let start = 0; start < bytes.length; ) {
    const newline = bytes.indexOf(LF, start);
    const end = newline === -1 ? bytes.length : newline + 1;
    // A line starting with a space or a tab continues the one before it (RFC 5545 §3.1).
    const continues = bytes[start] === 0x20 || bytes[start] === 0x09;
    const skip: boolean = continues ? skipping : isStampLine(bytes, start);
    if (skip && !skipping) hash.update(bytes.subarray(keptFrom, start));
    if (!skip && skipping) keptFrom = start;
    skipping = skip;
    start = end;
  }
  if (!skipping) hash.update(bytes.subarray(keptFrom));
  return hash.digest('hex');
}

/** The line at `start` is a DTSTAMP property: the name in any case, then its parameters or value. */
function isStampLine(bytes: Uint8Array, start: number): boolean {
  if (start + STAMP.length >= bytes.length) return false;
  for (let i = 0; i < STAMP.length; i++) if ((bytes[start + i]! | 0x20) !== STAMP.charCodeAt(i)) return false;
  const next = bytes[start + STAMP.length];
  return next === 0x3a /* : */ || next === 0x3b /* ; */;
}
