import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OwnCalendarEvent } from '../../../core/domain/own-calendar-event.js';
import { serializeCalendar } from '../ics/write.js';

/**
 * Where the invitations of Rapport's own calendar go. A provider calendar sends its own
 * invitations; Rapport's calendar hands each one (an iTIP message, RFC 5546) to an outbox:
 * locally a folder of `.ics` files, in the cloud an email sender behind the same interface.
 */

/** The folder of the local outbox inside the data folder. */
export function localOutboxDir(dataDir: string): string {
  return join(dataDir, 'invitations');
}

export interface InvitationMessage {
  method: 'REQUEST' | 'CANCEL';
  /** The coffee as the guest should see it (never a hold: holds are the user's private notes). */
  event: OwnCalendarEvent;
  to: { email: string; name?: string };
}

export interface InvitationOutbox {
  /**
   * Idempotent per revision: the same method for the same event revision (id, sequence) is
   * delivered once however often it is handed over, so a writer can resend after a crash.
   */
  send(message: InvitationMessage): Promise<void>;
}

export interface OutboxEntry {
  file: string;
  method: InvitationMessage['method'];
  eventId: string;
  writtenAt: string;
}

export class InvitationRefused extends Error {
  override name = 'InvitationRefused';
}

/** Our event ids are base32hex; anything else is refused rather than put in a file name. */
const SAFE_ID = /^[A-Za-z0-9_-]{1,128}$/;
/** `20270309T083000123Z-<eventId>-REQUEST.ics`: the revision's time, the event, the method (older files may end `-2`, `-3`…). */
const FILE_NAME = /^(\d{8}T\d{9}Z)-([A-Za-z0-9_-]+)-(REQUEST|CANCEL)(?:-\d+)?\.ics$/;

export function createFileOutbox(dir: string): InvitationOutbox {
  return {
    async send(message) {
      if (message.event.kind !== 'coffee') throw new InvitationRefused('only a booked coffee is sent to a guest');
      if (!SAFE_ID.test(message.event.id)) throw new InvitationRefused('the event id cannot be used in a file name');
      await mkdir(dir, { recursive: true });
      const text = serializeCalendar({ method: message.method, events: [message.event] });
      // One file per revision of the event and method: the revision's own time stamp names it,
      // so sending the same revision again (a retry after a crash) finds it there and sends nothing.
      const file = join(dir, `${fileStamp(message.event.updatedAt)}-${message.event.id}-${message.method}.ics`);
      try {
        await writeFile(file, text, { flag: 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    },
  };
}

/** Invitations written to a file outbox, newest first (the dashboard lists them). */
export async function listInvitations(dir: string): Promise<OutboxEntry[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const entries: OutboxEntry[] = [];
  for (const file of names) {
    const match = FILE_NAME.exec(file);
    if (!match) continue;
    const [, stamp, eventId, method] = match as unknown as [string, string, string, OutboxEntry['method']];
    entries.push({ file, method, eventId, writtenAt: instantOf(stamp) });
  }
  return entries.sort((a, b) => (a.writtenAt === b.writtenAt ? b.file.localeCompare(a.file) : b.writtenAt.localeCompare(a.writtenAt)));
}

/** A sortable stamp without `:` (not allowed in Windows file names). */
function fileStamp(iso: string): string {
  return new Date(Date.parse(iso)).toISOString().replace(/[-:.]/g, '');
}

function instantOf(stamp: string): string {
  const [, y, mo, d, h, mi, s, ms] = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/.exec(stamp) ?? [];
  return `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`;
}
