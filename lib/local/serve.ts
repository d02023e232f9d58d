import type { Logger } from '../log.js';
import { syncUser } from '../services/sync.js';
import { loadFunctionHandler, startHttpServer } from './http-server.js';
import { ensureSampleSetup, openLocalWorld } from './local-runtime.js';

/**
 * `npm start`: DynamoDB Local persisted under the data folder, the sample calendar on first
 * run, the same HTTP handlers as Lambda on 127.0.0.1, and the 15-minute sweep on a timer.
 */
export interface ServeOptions {
  dataDir: string;
  port: number;
  host: string;
  sweepMinutes: number;
  out: (line: string) => void;
  logger: Logger;
}

export async function serve(options: ServeOptions): Promise<{ url: string; stop(): Promise<void> }> {
  const world = await openLocalWorld({ dataDir: options.dataDir });
  const { runtime } = world;
  const userId = runtime.config.localUserId;
  let stopping = false;
  const sweep = async () => {
    try {
      const report = await syncUser(runtime, userId, runtime.now());
      options.logger.info('sweep done', { meetingsRecorded: report.meetingsRecorded, contactsChanged: report.contactsChanged });
    } catch (error) {
      if (!stopping) options.logger.error('sweep failed', { error });
    }
  };

  try {
    await ensureSampleSetup(world, runtime.now());
    await sweep();
    const http = await startHttpServer({ port: options.port, host: options.host, load: loadFunctionHandler, logger: options.logger });
    const timer = setInterval(sweep, options.sweepMinutes * 60_000);
    timer.unref();
    options.out(`Rapport is running: ${http.url}/app  (data in ${world.dataDir}; Ctrl-C to stop)`);
    return {
      url: http.url,
      stop: async () => {
        stopping = true;
        clearInterval(timer);
        await http.close();
        await world.close();
      },
    };
  } catch (error) {
    await world.close();
    throw error;
  }
}
