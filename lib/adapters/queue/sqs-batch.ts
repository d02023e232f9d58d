import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Logger } from '../../runtime/log.js';
import { MalformedMessage } from './messages.js';

/**
 * Runs one job per SQS record and reports partial batch failures: only the records that failed
 * go back to the queue (and after maxReceiveCount to the dead-letter queue); the rest of the
 * batch is done. Requires `ReportBatchItemFailures` on the event source mapping.
 *
 * A malformed message fails too, rather than being dropped: it then reaches the dead-letter
 * queue, where a person can read it, instead of vanishing with the bug that made it.
 */
export async function processRecords(event: SQSEvent, logger: Logger, job: (record: SQSRecord) => Promise<void>): Promise<SQSBatchResponse> {
  const failures: string[] = [];
  await Promise.all(
    event.Records.map(async (record) => {
      try {
        await job(record);
      } catch (error) {
        const malformed = error instanceof MalformedMessage;
        logger.error(malformed ? 'malformed queue message' : 'queue job failed', {
          messageId: record.messageId,
          receiveCount: record.attributes.ApproximateReceiveCount,
          error: error instanceof Error ? { name: error.name, message: error.message } : String(error),
        });
        failures.push(record.messageId);
      }
    }),
  );
  return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
}
