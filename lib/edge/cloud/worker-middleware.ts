import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { MiddlewareObj } from '@middy/core';
import { runsInLambda } from '../../runtime/config.js';
import { cloudMetrics } from './metrics.js';
import { cloudMiddleware } from './middleware.js';

/** The tick and the queue workers: the cloud middleware plus their metrics, flushed at the end (with a cold-start metric). */
export function workerMiddleware(): MiddlewareObj[] {
  if (!runsInLambda()) return [];
  return [...cloudMiddleware(), logMetrics(cloudMetrics(), { captureColdStartMetric: true })];
}
