import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '../lib/local/free-port.js';
import { loadFunctionHandler, startHttpServer, type LocalHttpServer } from '../lib/local/http-server.js';
import { openLocalWorld, type LocalWorld } from '../lib/local/local-runtime.js';
import { silentLogger } from '../lib/runtime/log.js';
import { setRuntime, type Runtime } from '../lib/runtime/runtime.js';

/** The local product for the benchmark: in-memory DynamoDB Local, the same handlers, a fixed clock. */
export interface BenchWorld {
  world: LocalWorld;
  runtime: Runtime;
  http: LocalHttpServer;
  url: string;
  close(): Promise<void>;
}

export async function openBenchWorld(now: string): Promise<BenchWorld> {
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const world = await openLocalWorld({ dataDir: mkdtempSync(join(tmpdir(), 'rapport-bench-')), inMemory: true, baseUrl: url });
  const runtime: Runtime = { ...world.runtime, logger: silentLogger, now: () => now };
  setRuntime(runtime);
  const http = await startHttpServer({ port, host: '127.0.0.1', load: loadFunctionHandler, logger: silentLogger });
  return {
    world,
    runtime,
    http,
    url,
    close: async () => {
      await http.close();
      await world.close();
    },
  };
}
