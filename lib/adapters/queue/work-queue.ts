import type { WorkMessage } from './messages.js';

/** Where a tick or a webhook hands work to the per-user workers. */
export interface WorkQueue {
  /** Sends every message or throws; never reports success for a message it dropped. */
  send(messages: readonly WorkMessage[]): Promise<void>;
}

export class QueueSendFailed extends Error {
  override name = 'QueueSendFailed';
}
