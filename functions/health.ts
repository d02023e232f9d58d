import middy from '@middy/core';
import { cloudMiddleware } from '../lib/edge/cloud/middleware.js';
import { jsonResponse } from '../lib/edge/http/response.js';

/** `GET /healthz`: answers without touching DynamoDB, so it measures the function, not its dependencies. */
export const handler = middy(async () => jsonResponse(200, { status: 'ok' })).use(cloudMiddleware());
