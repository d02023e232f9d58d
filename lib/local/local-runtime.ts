import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configWith, type ConfigOverrides } from '../runtime/config.js';
import { createRuntime, setRuntime, type Runtime } from '../runtime/runtime.js';
import { RAPPORT_CALENDAR_ID } from '../services/availability.js';
import type { DemoClock } from '../services/demo-loop.js';
import { parseUserSettings } from '../services/settings-schema.js';
import { createDynamoDbClient } from '../adapters/store/client.js';
import { DataFolderBusy, ensureDataFolder, localSigningKey, localTokenKey, lockDataFolder } from './data-folder.js';
import { databaseAnswers, runningServerOf, type RunningServer } from './running-server.js';
import { ensureTable, startDynamoDbLocal } from './dynamodb-local.js';
import { redateCalendar, sampleShiftDays } from './sample-calendar.js';

/**
 * Brings up Rapport's local world: DynamoDB Local (persisted under the data folder, or in
 * memory), the table from the shared definition, the configuration that points at them, and
 * the runtime the handlers share, built over it. Used by `npm start` and by the CLI.
 */

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const EXAMPLES_DIR = join(REPO_ROOT, 'examples');
export const TABLE_NAME = 'rapport';

export interface LocalWorld {
  dataDir: string;
  dynamoDbEndpoint: string;
  runtime: Runtime;
  /** Set when this world is a running server's (a CLI command during `npm start`). */
  joined?: RunningServer;
  /** The DynamoDB Local process this world started (none when it joined a running server's). */
  dynamoDbPid?: number;
  close(): Promise<void>;
}

export interface OpenLocalOptions {
  dataDir: string;
  /** Base URL of booking links (the local server's address). */
  baseUrl?: string;
  /** In-memory DynamoDB Local (the demo) instead of files under the data folder. */
  inMemory?: boolean;
  /** Settings that win over the environment's (the CLI's log level, the provider fakes' addresses). */
  overrides?: ConfigOverrides;
  /**
   * The world's clock instead of the system's (the demo's, which it moves itself). The store,
   * the calendars and the mailer read the runtime's clock, so their time stamps follow it too.
   */
  clock?: () => string;
  /** The server itself: the folder must be free, never another running server's to share. */
  exclusive?: boolean;
}

/** A clock that stands still where it starts (the system's time, or `start`) until it is moved. */
export function movableClock(start?: string): DemoClock {
  let at = start ?? new Date().toISOString();
  return {
    now: () => at,
    moveTo(instant) {
      at = instant;
    },
  };
}

export async function openLocalWorld(options: OpenLocalOptions): Promise<LocalWorld> {
  const dataDir = resolve(options.dataDir);
  ensureDataFolder(dataDir);
  const server = options.inMemory || options.exclusive ? undefined : runningServerOf(dataDir);
  if (server) return joinRunningServer(dataDir, server, options);
  const unlock = options.inMemory ? () => {} : lockDataFolder(dataDir);
  try {
    const dynamo = await startDynamoDbLocal(options.inMemory ? {} : { dbPath: join(dataDir, 'dynamodb') });
    await ensureTable(createDynamoDbClient({ endpoint: dynamo.endpoint }), TABLE_NAME);
    const runtime = localRuntime(dataDir, dynamo.endpoint, options.baseUrl, options.overrides, options.clock);
    return {
      dataDir,
      dynamoDbEndpoint: dynamo.endpoint,
      dynamoDbPid: dynamo.pid,
      runtime,
      close: async () => {
        await dynamo.stop();
        unlock();
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}

/** The runtime over a data folder's DynamoDB Local, its keys, and where booking links point. */
function localRuntime(dataDir: string, endpoint: string, baseUrl: string | undefined, overrides: ConfigOverrides | undefined, clock?: () => string): Runtime {
  const config = configWith({
    ...overrides,
    dynamoDbEndpoint: endpoint,
    tableName: TABLE_NAME,
    dataDir,
    signingKey: localSigningKey(dataDir),
    tokenSealing: { kind: 'local', key: localTokenKey(dataDir) },
    ...(baseUrl ? { baseUrl } : {}),
  });
  // The handlers the local server loads ask getRuntime(): they find this one.
  const built = createRuntime(config);
  const runtime = clock ? { ...built, now: clock } : built;
  setRuntime(runtime);
  return runtime;
}

/**
 * A CLI command while `npm start` runs on the folder: it works on the server's own DynamoDB
 * Local (see running-server.ts), and its booking links point at that server. Nothing of the
 * server's is started or stopped here, and the folder's lock stays the server's.
 */
async function joinRunningServer(dataDir: string, server: RunningServer, options: OpenLocalOptions): Promise<LocalWorld> {
  if (!(await databaseAnswers(server.dynamoDbEndpoint))) {
    throw new DataFolderBusy(
      `Rapport is running on ${dataDir} (process ${server.pid}) but its database does not answer: use the dashboard at ${server.url}/app, or stop that server (Ctrl-C) and run this again.`,
    );
  }
  // Booking links made now must open on the server that is running, whatever PORT this shell has.
  const runtime = localRuntime(dataDir, server.dynamoDbEndpoint, server.url, options.overrides, options.clock);
  return { dataDir, dynamoDbEndpoint: server.dynamoDbEndpoint, runtime, joined: server, close: async () => {} };
}

/**
 * First run: the settings from examples/settings.json and the sample calendar, re-dated to the
 * current week, as the user's one calendar. Later runs keep whatever the user has.
 */
export async function ensureSampleSetup(world: LocalWorld, now: string, options: { redate?: boolean } = {}): Promise<void> {
  const { store, config } = world.runtime;
  const userId = config.localUserId;
  const firstRun = !(await store.profiles.get(userId));
  if (firstRun) {
    const raw = JSON.parse(readFileSync(join(EXAMPLES_DIR, 'settings.json'), 'utf8'));
    await store.profiles.put(userId, parseUserSettings(raw, 'examples/settings.json'));
  }
  if (!(await store.connections.get(userId, RAPPORT_CALENDAR_ID))) {
    // Holds and booked coffees go to Rapport's own calendar (the sample is a read-only feed);
    // it is published as the suggestions feed and read back by sync like any calendar.
    await store.connections.create(userId, {
      id: RAPPORT_CALENDAR_ID,
      kind: 'rapport',
      label: 'Rapport suggestions (local calendar)',
      cursor: null,
      status: 'ok',
      createdAt: now,
    });
  }
  if ((await store.connections.list(userId)).some((c) => c.kind !== 'rapport')) return;
  // Settings but no calendar: a store restored by `rapport import` (exports carry no calendar
  // connections). The sample's made-up people must not mix into the user's own.
  if (!firstRun) return;
  const sample = readFileSync(join(EXAMPLES_DIR, 'sample-calendar.ics'), 'utf8');
  const path = join(world.dataDir, 'sample-calendar.ics');
  writeFileSync(path, redateCalendar(sample, options.redate === false ? 0 : sampleShiftDays(now)));
  await store.connections.create(userId, {
    id: 'sample',
    kind: 'ics',
    label: 'Sample calendar (examples/sample-calendar.ics)',
    source: path,
    cursor: null,
    status: 'ok',
    createdAt: now,
  });
}
