/**
 * Why a provider's push notification could not be taken on. Kept apart from the notification
 * service so the edge's error table can name it without loading that service.
 */

/** The push queue refused the work: Graph is answered 503 and delivers again later. */
export class PushQueueUnavailable extends Error {
  override name = 'PushQueueUnavailable';
}
