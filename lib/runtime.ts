import type { CalendarSource } from './calendars/port.js';
import { openCalendarSource } from './calendars/sources.js';
import { loadConfig, type Config } from './config.js';
import type { UserSettings } from './domain/settings.js';
import { createLogger, type Logger } from './log.js';
import { createDynamoDbClient } from './store/client.js';
import type { Connection, Store } from './store/model.js';
import { createStore } from './store/store.js';

/**
 * The composition root shared by every Lambda entry point and the local runtime: built once
 * per process, on the first request (not at import), from the validated configuration.
 */
export interface Runtime {
  config: Config;
  store: Store;
  logger: Logger;
  /** The current instant; the only clock in the code base. */
  now(): string;
  openSource(connection: Connection, settings: UserSettings): Promise<CalendarSource>;
}

let runtime: Runtime | undefined;

export function getRuntime(): Runtime {
  if (!runtime) {
    const config = loadConfig();
    const client = createDynamoDbClient({ endpoint: config.dynamoDbEndpoint, region: config.region });
    runtime = {
      config,
      store: createStore({ client, tableName: config.tableName }),
      logger: createLogger({ level: config.logLevel, base: { service: 'rapport' } }),
      now: () => new Date().toISOString(),
      openSource: openCalendarSource,
    };
  }
  return runtime;
}

/** Tests and the local runtime replace parts (a fixed clock, a quiet logger). */
export function setRuntime(next: Runtime | undefined): void {
  runtime = next;
}
