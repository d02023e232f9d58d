import type { Contact } from '../../../lib/core/domain/contact.js';

/** People on the host's dashboard, shared by the dashboard's HTTP tests. */

/** Due since the end of August; her name carries markup, to prove every page escapes it. */
export const jane: Contact = {
  email: 'jane@example.com',
  name: 'Jane <b>Doe</b>',
  tier: 'keep-warm',
  firstMetAt: '2026-06-01T09:00:00.000Z',
  lastMetAt: '2026-06-01T09:00:00.000Z',
  nextDueAt: '2026-08-30T09:00:00.000Z',
  ignored: false,
};
