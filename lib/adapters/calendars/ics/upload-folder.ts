import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { UploadedCalendars } from '../../../core/ports/calendar-files.js';

/**
 * Uploaded calendars as files under one folder (local mode: `<data folder>/calendars/`), named
 * by user and content hash: uploading the same file twice finds the same connection, and two
 * users' files never share a name.
 */
export function createUploadFolder(folder: string): UploadedCalendars {
  return {
    async keep(userId, bytes) {
      const user = createHash('sha256').update(userId).digest('hex').slice(0, 12);
      const content = createHash('sha256').update(bytes).digest('hex').slice(0, 24);
      await mkdir(folder, { recursive: true, mode: 0o700 });
      const path = join(folder, `${user}-${content}.ics`);
      // Calendars hold private appointments: readable by the user only.
      await writeFile(path, bytes, { mode: 0o600 });
      return path;
    },
    async discard(source) {
      if (source.startsWith(join(folder, '/'))) await rm(source, { force: true });
    },
  };
}
