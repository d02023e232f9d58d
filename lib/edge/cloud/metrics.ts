import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE, SERVICE } from './observability.js';

/**
 * The workers' CloudWatch metrics, as embedded metric format in the log (no PutMetricData call
 * on the work's path), flushed when an invocation ends (worker middleware). Only the tick and
 * the queue workers count things; HTTP functions do not load this.
 */

let metrics: Metrics | undefined;

export function cloudMetrics(): Metrics {
  metrics ??= new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE });
  return metrics;
}

/** A count for the dashboard; flushed when the invocation ends. */
export function countMetric(name: string, value: number): void {
  cloudMetrics().addMetric(name, MetricUnit.Count, value);
}
