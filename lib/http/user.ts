import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Config } from '../config.js';

/**
 * Whose data a request may touch. Locally there is one implicit user and the server binds to
 * 127.0.0.1; signed-in sessions for the cloud replace this in one place.
 */
export function userIdFor(_event: APIGatewayProxyEventV2, config: Config): string {
  return config.localUserId;
}
