import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { redact, type LogFields, type Logger } from '../../runtime/log.js';

/**
 * Logs in Lambda, through AWS Lambda Powertools: JSON lines carrying the request id, function
 * and cold-start flag (injected per invocation by the handler middleware). Our Logger interface
 * stays the one the code uses; fields are redacted before Powertools sees them, so the
 * secret-name rule holds in the cloud as it does locally. Metrics: metrics.ts.
 */

export const SERVICE = 'rapport';
export const METRICS_NAMESPACE = 'Rapport';

let powertools: PowertoolsLogger | undefined;

/** One per process; its level comes from POWERTOOLS_LOG_LEVEL, which the stack sets. */
export function powertoolsLogger(): PowertoolsLogger {
  powertools ??= new PowertoolsLogger({ serviceName: SERVICE });
  return powertools;
}

/** Our Logger over Powertools: what a handler logs gets the invocation's context. */
export function lambdaLogger(base: LogFields = {}): Logger {
  const target = powertoolsLogger();
  const fieldsOf = (fields?: LogFields) => redact({ ...base, ...fields }) as LogFields;
  return {
    debug: (message, fields) => target.debug(message, fieldsOf(fields)),
    info: (message, fields) => target.info(message, fieldsOf(fields)),
    warn: (message, fields) => target.warn(message, fieldsOf(fields)),
    error: (message, fields) => target.error(message, fieldsOf(fields)),
    child: (fields) => lambdaLogger({ ...base, ...fields }),
  };
}
