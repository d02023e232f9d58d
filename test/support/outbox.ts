import type { MailRecord } from '../../lib/core/domain/mail.js';
import type { Store } from '../../lib/core/ports/store.js';

/** The iMIP invitations in a user's outbox (`invite.<eventId>.<sequence>.<method>`), newest first. */
export interface RecordedInvitation {
  eventId: string;
  sequence: number;
  method: 'REQUEST' | 'CANCEL';
  ics: string;
  record: MailRecord;
}

export async function invitationsInOutbox(store: Store, userId: string): Promise<RecordedInvitation[]> {
  const records = await store.mail.list(userId, 200);
  return records.flatMap((record) => {
    const match = /^invite\.([^.]+)\.(\d+)\.(REQUEST|CANCEL)$/.exec(record.message.id);
    if (!match || !record.message.calendar) return [];
    return [{ eventId: match[1]!, sequence: Number(match[2]), method: match[3] as 'REQUEST' | 'CANCEL', ics: record.message.calendar.ics, record }];
  });
}
