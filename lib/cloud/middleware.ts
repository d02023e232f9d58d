import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { MiddlewareObj } from '@middy/core';
import { runsInLambda } from '../config.js';
import { cloudMetrics, powertoolsLogger } from './observability.js';
import { loadCloudSecrets } from './secrets.js';

/**
 * What every Lambda entry point adds in the cloud, and only there: secrets loaded before the
 * configuration is read, the invocation's context on every log line, metrics flushed at the
 * end (with a cold-start metric). Locally the list is empty and handlers run as they are.
 */
export function cloudMiddleware(): MiddlewareObj[] {
  if (!runsInLambda()) return [];
  const secrets: MiddlewareObj = { before: () => loadCloudSecrets() };
  return [secrets, injectLambdaContext(powertoolsLogger()), logMetrics(cloudMetrics(), { captureColdStartMetric: true })];
}
