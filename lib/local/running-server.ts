import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { localProbeClient } from './dynamodb-local.js';
import { isProcessAlive } from './data-folder.js';

/**
 * What a running `npm start` tells the CLI about itself, in the data folder it holds: where it
 * serves the dashboard and where its DynamoDB Local answers. DynamoDB Local takes requests from
 * any number of clients, with the same conditional writes as DynamoDB, and every service is
 * written for concurrent Lambdas; so a CLI command may work on the server's database through
 * that endpoint, instead of opening the same files with a second JVM.
 */
export interface RunningServer {
  pid: number;
  /** The dashboard's origin, e.g. http://localhost:3000. */
  url: string;
  dynamoDbEndpoint: string;
}

const SERVER_FILE = 'server.json';

/** Written once the server answers; the returned function removes it when the server stops. */
export function recordRunningServer(dataDir: string, server: Omit<RunningServer, 'pid'>): () => void {
  const file = join(dataDir, SERVER_FILE);
  writeFileSync(file, JSON.stringify({ pid: process.pid, ...server }), { mode: 0o600 });
  return () => rmSync(file, { force: true });
}

/** The server recorded in the folder, if its process is still alive (a crashed server's record is ignored). */
export function runningServerOf(dataDir: string): RunningServer | undefined {
  let record: Partial<RunningServer>;
  try {
    record = JSON.parse(readFileSync(join(dataDir, SERVER_FILE), 'utf8')) as Partial<RunningServer>;
  } catch {
    return undefined;
  }
  const { pid, url, dynamoDbEndpoint } = record;
  if (!Number.isInteger(pid) || typeof url !== 'string' || typeof dynamoDbEndpoint !== 'string') return undefined;
  if (pid === process.pid || !isProcessAlive(pid!)) return undefined;
  return { pid: pid!, url, dynamoDbEndpoint };
}

/** Whether the server's DynamoDB Local answers now (one request, a few seconds at most). */
export async function databaseAnswers(endpoint: string): Promise<boolean> {
  const probe = localProbeClient(endpoint, { connectionTimeout: 2_000, requestTimeout: 10_000 });
  try {
    await probe.send(new ListTablesCommand({ Limit: 1 }));
    return true;
  } catch {
    return false;
  } finally {
    probe.destroy();
  }
}
