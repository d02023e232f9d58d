import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { MiddlewareObj } from '@middy/core';
import { runsInLambda } from '../../runtime/config.js';
import { powertoolsLogger } from './observability.js';
import { loadCloudSecrets } from './secrets.js';

/**
 * What every Lambda entry point adds in the cloud, and only there: secrets loaded before the
 * configuration is read, and the invocation's context on every log line. Locally the list is
 * empty and handlers run as they are. Workers add metrics (worker-middleware.ts).
 */
export function cloudMiddleware(): MiddlewareObj[] {
  if (!runsInLambda()) return [];
  const secrets: MiddlewareObj = { before: () => loadCloudSecrets() };
  return [secrets, injectLambdaContext(powertoolsLogger())];
}
