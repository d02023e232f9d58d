import type { Store } from '../core/ports/store.js';
import type { Mailer } from '../core/ports/mail.js';
import type { ManagedBooking } from './manage-booking.js';

/**
 * What the guest may be told about their invitation: the provider (Google, Outlook) sends it;
 * Rapport emailed it (its mail record says sent); or it is kept in the host's outbox (no
 * transport, or not sent yet). The confirmation page says "on its way" only in the first two.
 */
export type InvitationDelivery = 'provider' | 'emailed' | 'kept';

export async function invitationDelivery(deps: { store: Store; mailer?: Mailer }, managed: ManagedBooking): Promise<InvitationDelivery> {
  const { userId, proposal } = managed;
  const connection = await deps.store.connections.get(userId, proposal.calendarId);
  if (connection && connection.kind !== 'rapport') return 'provider';
  if (!deps.mailer?.sends) return 'kept';
  const event = await deps.store.localCalendar.get(userId, proposal.booking.eventId);
  if (!event) return 'kept';
  const method = event.status === 'cancelled' ? 'CANCEL' : 'REQUEST';
  const record = await deps.store.mail.get(userId, `invite.${event.id}.${event.sequence}.${method}`);
  return record?.status === 'sent' ? 'emailed' : 'kept';
}
