import type * as z from 'zod';

/**
 * A connection's cursor is opaque to callers and JSON inside, in the shape its adapter's schema
 * says. One that does not parse (another adapter's, or an older format) decodes to undefined,
 * which every adapter reads as "start with a full read".
 */
export function cursorCodec<S extends z.ZodType>(schema: S) {
  return {
    decode(cursor: string | null): z.output<S> | undefined {
      if (!cursor) return undefined;
      try {
        const parsed = schema.safeParse(JSON.parse(cursor));
        return parsed.success ? parsed.data : undefined;
      } catch {
        return undefined;
      }
    },
    encode(cursor: z.output<S>): string {
      return JSON.stringify(cursor);
    },
  };
}
