import { DateTime } from 'luxon';
import { coffeeSettingsOf } from '../domain/settings.js';
import type { Logger } from '../log.js';
import { bookingDepsOf } from '../services/deps.js';
import { proposeForUser, type ProposeReport } from '../services/propose.js';
import { syncUser } from '../services/sync.js';
import { findFreePort } from './free-port.js';
import { loadFunctionHandler, startHttpServer } from './http-server.js';
import { ensureSampleSetup, openLocalWorld } from './local-runtime.js';

/**
 * `npm start`: DynamoDB Local persisted under the data folder, the sample calendar on first
 * run, the same HTTP handlers as Lambda on 127.0.0.1, the 15-minute sweep and the hourly
 * proposal tick (which proposes in the user's proposal hour) on timers.
 */
export interface ServeOptions {
  dataDir: string;
  /** 0 picks a free port. */
  port: number;
  host: string;
  sweepMinutes: number;
  out: (line: string) => void;
  logger: Logger;
  /** Run the local Google fake in-process and configure Rapport to use it (RAPPORT_GOOGLE_FAKE=1). */
  googleFake?: boolean;
}

export interface RunningRapport {
  url: string;
  /** What the startup proposal run created (the links are printed too). */
  proposals: ProposeReport | null;
  stop(): Promise<void>;
}

function printProposals(report: ProposeReport, out: (line: string) => void): void {
  for (const coffee of report.created) {
    out(`  Coffee with ${coffee.contactName ?? coffee.contactEmail}: ${coffee.link}`);
  }
}

export async function serve(options: ServeOptions): Promise<RunningRapport> {
  const port = options.port === 0 ? await findFreePort() : options.port;
  const host = options.host === '127.0.0.1' ? 'localhost' : options.host;
  const google = options.googleFake ? await (await import('./google-fake/local.js')).startLocalGoogleFake(() => new Date().toISOString()) : undefined;
  // Read by openLocalWorld's configuration reset, like the other local settings.
  if (google) Object.assign(process.env, google.env);
  const world = await openLocalWorld({ dataDir: options.dataDir, baseUrl: `http://${host}:${port}` });
  const { runtime } = world;
  const userId = runtime.config.localUserId;
  let stopping = false;
  const guarded = (name: string, task: () => Promise<unknown>) => async () => {
    try {
      return await task();
    } catch (error) {
      if (!stopping) options.logger.error(`${name} failed`, { error });
      return null;
    }
  };
  const sweep = guarded('sweep', () => syncUser(runtime, userId, runtime.now()));
  const propose = guarded('proposals', () => proposeForUser(bookingDepsOf(runtime), userId, runtime.now()));
  /** Hourly: proposals are made in the user's proposal hour, their morning. */
  const tick = async () => {
    const settings = await runtime.store.profiles.get(userId);
    if (!settings) return;
    if (DateTime.fromISO(runtime.now(), { zone: settings.timeZone }).hour === coffeeSettingsOf(settings).proposalHour) await propose();
  };

  try {
    await ensureSampleSetup(world, runtime.now());
    await sweep();
    const proposals = (await propose()) as ProposeReport | null;
    const http = await startHttpServer({ port, host: options.host, load: loadFunctionHandler, logger: options.logger });
    const timers = [setInterval(sweep, options.sweepMinutes * 60_000), setInterval(guarded('tick', tick), 60 * 60_000)];
    for (const timer of timers) timer.unref();
    options.out(`Rapport is running: ${http.url}/app  (data in ${world.dataDir}; Ctrl-C to stop)`);
    if (proposals?.created.length) {
      options.out('Booking links proposed just now (also on the dashboard):');
      printProposals(proposals, options.out);
    }
    return {
      url: http.url,
      proposals,
      stop: async () => {
        stopping = true;
        for (const timer of timers) clearInterval(timer);
        await http.close();
        await world.close();
        await google?.fake.close();
      },
    };
  } catch (error) {
    await world.close();
    await google?.fake.close();
    throw error;
  }
}
