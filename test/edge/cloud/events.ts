import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, Context, SQSEvent } from 'aws-lambda';

/**
 * Event and context shapes exactly as AWS delivers them to Lambda, so the entry points are
 * invoked in tests the way production invokes them (only endpoints differ).
 */

export function lambdaContext(functionName: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/11/23/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => 30_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

/** What EventBridge Scheduler delivers with our target input (`<aws.scheduler.scheduled-time>` filled in). */
export function schedulerEvent(job: 'sweep' | 'propose', scheduledTime: string) {
  return { job, scheduledTime };
}

/** An SQS batch as the event source mapping delivers it. */
export function sqsEvent(queueName: string, bodies: readonly string[], receiveCount = 1): SQSEvent {
  const now = Date.now();
  return {
    Records: bodies.map((body) => ({
      messageId: randomUUID(),
      receiptHandle: `AQEB${randomUUID().replaceAll('-', '')}`,
      body,
      attributes: {
        ApproximateReceiveCount: String(receiveCount),
        SentTimestamp: String(now - 1000),
        SenderId: 'AROAEXAMPLE:rapport-tick',
        ApproximateFirstReceiveTimestamp: String(now),
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:eu-west-1:123456789012:${queueName}`,
      awsRegion: 'eu-west-1',
    })),
  };
}

/** An HTTP API (API Gateway v2, payload format 2.0) request. */
export function httpEvent(method: string, pathAndQuery: string, options: { routeKey?: string; headers?: Record<string, string>; body?: string; cookies?: string[] } = {}): APIGatewayProxyEventV2 {
  const url = new URL(pathAndQuery, 'https://api.example.com');
  const headers = { host: 'abc123.execute-api.eu-west-1.amazonaws.com', 'user-agent': 'vitest', 'x-forwarded-proto': 'https', ...options.headers };
  return {
    version: '2.0',
    routeKey: options.routeKey ?? `${method} ${url.pathname}`,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    cookies: options.cookies,
    headers,
    queryStringParameters: url.search ? Object.fromEntries(url.searchParams) : undefined,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: headers.host,
      domainPrefix: 'abc123',
      http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'vitest' },
      requestId: randomUUID(),
      routeKey: options.routeKey ?? `${method} ${url.pathname}`,
      stage: '$default',
      time: '23/Nov/2026:12:00:00 +0000',
      timeEpoch: Date.now(),
    },
    body: options.body,
    isBase64Encoded: false,
  };
}
