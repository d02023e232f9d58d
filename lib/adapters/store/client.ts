import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, type TranslateConfig } from '@aws-sdk/lib-dynamodb';

export interface DynamoDbClientOptions {
  /** e.g. `http://127.0.0.1:8000` for DynamoDB Local; omit for AWS. */
  endpoint?: string;
  /** Omit to use the SDK's usual resolution (AWS_REGION); `local` for a loopback endpoint. */
  region?: string;
}

/**
 * Optional domain fields are `undefined` when absent; DynamoDB has no such value, so they are
 * dropped instead of failing the write.
 */
export const TRANSLATE_CONFIG: TranslateConfig = {
  marshallOptions: { removeUndefinedValues: true },
};

/** Dummy keys: DynamoDB Local checks that a request is signed, not by whom. */
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** A document client for the store; a loopback endpoint gets dummy credentials and region `local`. */
export function createDynamoDbClient(options: DynamoDbClientOptions = {}): DynamoDBDocumentClient {
  const local = options.endpoint !== undefined && isLoopback(options.endpoint);
  const client = new DynamoDBClient({
    ...(options.endpoint !== undefined && { endpoint: options.endpoint }),
    ...(local && { credentials: LOCAL_CREDENTIALS, region: options.region ?? 'local' }),
    ...(!local && options.region !== undefined && { region: options.region }),
  });
  return DynamoDBDocumentClient.from(client, TRANSLATE_CONFIG);
}

/** Accepts a plain client too, wrapping it with the store's marshalling options. */
export function asDocumentClient(client: DynamoDBClient | DynamoDBDocumentClient): DynamoDBDocumentClient {
  return client instanceof DynamoDBDocumentClient ? client : DynamoDBDocumentClient.from(client, TRANSLATE_CONFIG);
}

function isLoopback(endpoint: string): boolean {
  const host = new URL(endpoint).hostname;
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || host.startsWith('127.');
}
