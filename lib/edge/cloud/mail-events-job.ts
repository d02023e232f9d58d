import type { SNSEvent } from 'aws-lambda';
import { getRuntime } from '../../runtime/runtime.js';
import { recordMailEvents } from '../../services/mail-events.js';

/** The SES events topic's subscriber: bounces and complaints onto the users' suppression lists. */
export async function handleMailEvents(event: SNSEvent): Promise<{ suppressed: number }> {
  const runtime = getRuntime();
  const suppressed = await recordMailEvents(runtime.store, event.Records.map((r) => r.Sns.Message), runtime.now());
  runtime.logger.info('mail events recorded', { records: event.Records.length, suppressed });
  return { suppressed };
}
