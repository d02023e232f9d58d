import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { MiddlewareObj } from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { parseWorkMessage, type WorkMessage, type WorkMessageOf } from '../../adapters/queue/messages.js';
import { processRecords } from '../../adapters/queue/sqs-batch.js';
import { runsInLambda } from '../../runtime/config.js';
import { getRuntime, type Runtime } from '../../runtime/runtime.js';
import { cloudMetrics } from './metrics.js';
import { cloudMiddleware } from './middleware.js';

/** The tick and the queue workers: the cloud middleware plus their metrics, flushed at the end (with a cold-start metric). */
export function workerMiddleware(): MiddlewareObj[] {
  if (!runsInLambda()) return [];
  return [...cloudMiddleware(), logMetrics(cloudMetrics(), { captureColdStartMetric: true })];
}

/** A worker invoked directly (locally, or by hand in the cloud): `{ userId }`, else the local user. */
export interface DirectRun {
  userId?: string;
}

export interface UserJob<K extends 'sweep' | 'propose', R> {
  /** One user's run, invoked directly. */
  direct: (runtime: Runtime, userId: string) => Promise<R>;
  /** One message of the queue; the direct run for its user unless the message asks for more. */
  queued?: (runtime: Runtime, message: WorkMessageOf<K>) => Promise<unknown>;
}

/** The handler of a queue's worker: each message parsed and worked alone, partial batch failures reported. */
export function queueWorker<K extends WorkMessage['kind']>(kind: K, work: (runtime: Runtime, message: WorkMessageOf<K>) => Promise<unknown>) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const runtime = getRuntime();
    return processRecords(event, runtime.logger, async (record) => {
      await work(runtime, parseWorkMessage(record.body, kind));
    });
  };
}

/**
 * The handler of a worker that serves one user at a time: in the cloud it consumes its queue
 * (one message per user, so one user's failure is retried alone); invoked directly it runs for
 * the user named.
 */
export function userWorker<K extends 'sweep' | 'propose', R>(kind: K, job: UserJob<K, R>) {
  const queued = queueWorker(kind, (runtime, message) => (job.queued ? job.queued(runtime, message) : job.direct(runtime, (message as WorkMessageOf<'sweep' | 'propose'>).userId)));
  return async (event: DirectRun | SQSEvent = {}): Promise<R | SQSBatchResponse> => {
    if ('Records' in event) return queued(event);
    const runtime = getRuntime();
    return job.direct(runtime, event.userId ?? runtime.config.localUserId);
  };
}
