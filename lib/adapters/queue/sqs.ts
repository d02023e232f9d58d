import type { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { WorkMessage } from './messages.js';
import { QueueSendFailed, type WorkQueue } from './work-queue.js';

/**
 * The SQS adapter: SendMessageBatch, ten messages per request (SQS's maximum), entries SQS
 * could not take retried (a batch can half succeed), then a clear failure for the rest.
 * The client is imported on first send: a function that never enqueues never loads it.
 */

const BATCH = 10;
const ATTEMPTS = 5;

export interface SqsOptions {
  region: string;
  /** Tests point this at a local SQS wire-format server. */
  endpoint?: string;
}

let sqs: Promise<{ client: SQSClient; SendMessageBatchCommand: typeof SendMessageBatchCommand }> | undefined;

function sqsFor(options: SqsOptions) {
  // A local endpoint (tests) checks that requests are signed, not by whom.
  const local = options.endpoint !== undefined && /^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(options.endpoint);
  sqs ??= import('@aws-sdk/client-sqs').then(({ SQSClient, SendMessageBatchCommand }) => ({
    client: new SQSClient({ region: options.region, endpoint: options.endpoint, ...(local && { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }) }),
    SendMessageBatchCommand,
  }));
  return sqs;
}

/** Forgets the shared client (tests that start several fake endpoints in one process). */
export function resetSqsClient(): void {
  sqs = undefined;
}

export function sqsWorkQueue(queueUrl: string, options: SqsOptions): WorkQueue {
  return {
    async send(messages) {
      if (messages.length === 0) return;
      const { client, SendMessageBatchCommand } = await sqsFor(options);
      for (let start = 0; start < messages.length; start += BATCH) {
        let pending: { id: string; message: WorkMessage }[] = messages.slice(start, start + BATCH).map((message, i) => ({ id: String(start + i), message }));
        let lastReason = '';
        for (let attempt = 1; pending.length > 0; attempt++) {
          if (attempt > ATTEMPTS) throw new QueueSendFailed(`${pending.length} of ${messages.length} messages not queued: ${lastReason}`);
          // SQS's partial failures are transient: a short, growing pause before sending them again.
          if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
          const output = await client.send(
            new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: pending.map(({ id, message }) => ({ Id: id, MessageBody: JSON.stringify(message) })) }),
          );
          const failed = new Set((output.Failed ?? []).map((f) => f.Id));
          lastReason = (output.Failed ?? []).map((f) => `${f.Code}${f.SenderFault ? ' (ours)' : ''}`).join(', ');
          // A sender fault (a malformed message) fails the same way again: no point retrying.
          if ((output.Failed ?? []).some((f) => f.SenderFault)) throw new QueueSendFailed(`SQS refused messages: ${lastReason}`);
          pending = pending.filter(({ id }) => failed.has(id));
        }
      }
    },
  };
}
