import type { TestProject } from 'vitest/node';
import { recordClassDataArchive, startDynamoDbLocal } from '../../lib/local/dynamodb-local.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The shared in-memory DynamoDB Local of this test run. */
    dynamoEndpoint: string;
  }
}

/**
 * One in-memory DynamoDB Local for the whole run (a JVM start costs about a second; one per
 * file would dominate the suite). Test files isolate their data with a table each
 * (test/support/dynamo.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // On a fresh checkout the first start would record the class archive, and this one lives
  // until the run ends: record it now, so every DynamoDB Local the tests start shares it.
  await recordClassDataArchive();
  const dynamo = await startDynamoDbLocal();
  // `inject('dynamoEndpoint')` is the supported channel to workers. The variable is for
  // code outside vitest's test context (child processes a test spawns, e.g. the CLI).
  project.provide('dynamoEndpoint', dynamo.endpoint);
  process.env.RAPPORT_TEST_DYNAMODB_ENDPOINT = dynamo.endpoint;
  return async () => {
    await dynamo.stop();
  };
}
