import { DateTime } from 'luxon';
import { coffeeSettingsOf } from '../core/domain/settings.js';
import type { ConfigOverrides } from '../runtime/config.js';
import type { Logger } from '../runtime/log.js';
import { bookingDepsOf, mailDepsOf } from '../services/deps.js';
import { mailProposedLinks, newProposalIds } from '../services/proposal-links.js';
import { sendScheduledMail } from '../services/scheduled-mail.js';
import { proposeForUser, type ProposeReport } from '../services/propose.js';
import { scheduledSweep } from '../services/sweep.js';
import { findFreePort } from './free-port.js';
import type { CertificateFiles } from './graph-fake/tls.js';
import { loadFunctionHandler, startHttpServer } from './http-server.js';
import { ensureSampleSetup, openLocalWorld } from './local-runtime.js';
import { recordRunningServer } from './running-server.js';

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
  /** Settings that win over the environment's (the CLI's log level). */
  overrides?: ConfigOverrides;
  /** Run the local Google fake in-process and configure Rapport to use it (RAPPORT_GOOGLE_FAKE=1). */
  googleFake?: boolean;
  /**
   * Run the local Microsoft Graph fake in-process and configure Rapport to use it
   * (RAPPORT_MICROSOFT_FAKE=1). It serves HTTPS with this certificate, whose CA the process
   * must already trust (NODE_EXTRA_CA_CERTS): MSAL talks to https authorities only.
   */
  microsoftFake?: { tls: Pick<CertificateFiles, 'certFile' | 'keyFile'> };
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

/** The provider fakes asked for, started first: their addresses go into the configuration. */
async function startFakes(options: ServeOptions): Promise<{ config: ConfigOverrides; close(): Promise<void> }> {
  const clock = () => new Date().toISOString();
  const started: { config: ConfigOverrides; fake: { close(): Promise<void> } }[] = [];
  const close = async () => {
    for (const { fake } of started) await fake.close();
  };
  try {
    if (options.googleFake) started.push(await (await import('./google-fake/local.js')).startLocalGoogleFake(clock));
    if (options.microsoftFake) {
      const { startLocalMicrosoftFake } = await import('./graph-fake/local.js');
      started.push(await startLocalMicrosoftFake({ now: clock, tls: options.microsoftFake.tls, dataDir: options.dataDir }));
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { config: Object.assign({}, ...started.map((s) => s.config)) as ConfigOverrides, close };
}

export async function serve(options: ServeOptions): Promise<RunningRapport> {
  const port = options.port === 0 ? await findFreePort() : options.port;
  const host = options.host === '127.0.0.1' ? 'localhost' : options.host;
  const fakes = await startFakes(options);
  const overrides = { ...options.overrides, ...fakes.config };
  const world = await openLocalWorld({ dataDir: options.dataDir, baseUrl: `http://${host}:${port}`, overrides, exclusive: true }).catch(async (error: unknown) => {
    await fakes.close();
    throw error;
  });
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
  const sweepNow = guarded('sweep', () => scheduledSweep(runtime, userId, runtime.now()));
  /** The digest and follow-up emails are checked with every sweep, as in the cloud (their local hour comes round). */
  const mailNow = guarded('scheduled mail', () => sendScheduledMail(mailDepsOf(runtime), userId, runtime.now()));
  const propose = guarded('proposals', async () => {
    const report = await proposeForUser(bookingDepsOf(runtime), userId, runtime.now());
    await mailProposedLinks(mailDepsOf(runtime), userId, newProposalIds(report), runtime.now());
    return report;
  });
  /** Hourly: proposals are made in the user's proposal hour, their morning. */
  const tick = async () => {
    const settings = await runtime.store.profiles.get(userId);
    if (!settings) return;
    if (DateTime.fromISO(runtime.now(), { zone: settings.timeZone }).hour === coffeeSettingsOf(settings).proposalHour) await propose();
  };

  try {
    await ensureSampleSetup(world, runtime.now());
    await sweepNow();
    const proposals = (await propose()) as ProposeReport | null;
    const http = await startHttpServer({ port, host: options.host, load: loadFunctionHandler, logger: options.logger, publicUrl: new URL(runtime.config.baseUrl) });
    // CLI commands run meanwhile use this server's database and name its dashboard (running-server.ts).
    const forgetServer = recordRunningServer(world.dataDir, { url: http.url, dynamoDbEndpoint: world.dynamoDbEndpoint });
    const timers = [setInterval(sweepNow, options.sweepMinutes * 60_000), setInterval(mailNow, options.sweepMinutes * 60_000), setInterval(guarded('tick', tick), 60 * 60_000)];
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
        forgetServer();
        await http.close();
        await world.close();
        await fakes.close();
      },
    };
  } catch (error) {
    await world.close();
    await fakes.close();
    throw error;
  }
}
