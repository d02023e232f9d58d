import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoDbClient } from '../adapters/store/client.js';
import { findFreePort, isPortFree } from './free-port.js';
import { classDataArchivePath, classDataLaunch, DEFAULT_CLASS_DATA_DIR, plainLaunch, type ClassDataUse, type JavaLaunchPlan } from './class-data-archive.js';
import { ensureTable } from './ensure-table.js';
import { checkJava, JavaMissing } from './java.js';
import { guardAgainstOrphan } from './orphan-guard.js';

export { JavaMissing } from './java.js';
export { ensureTable, TableNotReady } from './ensure-table.js';

export interface DynamoDbLocalOptions {
  /** 0 or omitted: any free port. */
  port?: number;
  /** Folder for the database file; omitted: in memory, gone when stopped. */
  dbPath?: string;
  /** Default `java` (from PATH). */
  javaPath?: string;
  /** How long to wait for the first answered request. Default 30 s. */
  startTimeoutMs?: number;
  /** How long `stop()` waits after SIGTERM before SIGKILL. Default 5 s. */
  stopGraceMs?: number;
  /** JVM flags. Default {@link FAST_START_JVM_ARGS}. */
  jvmArgs?: readonly string[];
  /**
   * Where the class-data archive that speeds up later starts is kept (see class-data-archive.ts).
   * Default {@link DEFAULT_CLASS_DATA_DIR}; `false`: start without one.
   */
  classDataDir?: string | false;
}

/**
 * Client-JIT only and the serial collector: measured ~20% faster to first answer (2.9 s vs
 * 3.6 s on a 2-core CI box). A local database serving one developer never needs C2's peak.
 */
export const FAST_START_JVM_ARGS: readonly string[] = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  /** The java process id (tests check it is gone after stop). */
  pid: number;
  /** Whether this start used the class-data archive, or records it as it stops. */
  classData: ClassDataUse;
  stop(): Promise<void>;
}

/** DynamoDB Local would not start (bad port, crash, no answer in time). */
export class DynamoDbLocalStartFailed extends Error {
  override name = 'DynamoDbLocalStartFailed';
}

/** A chosen port was taken by someone else before the server bound it. */
class PortTaken extends DynamoDbLocalStartFailed {
  override name = 'PortTaken';
}

/** Attempts when the free port we picked is taken before java binds it. */
const PORT_ATTEMPTS = 5;

/**
 * Starts AWS's DynamoDB Local (the jar shipped in amplify-dynamodb-simulator) and resolves
 * once it answers a real API call. The process is killed when this process exits, so a
 * crashed test run or a Ctrl-C never leaves a java server behind.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const javaPath = options.javaPath ?? 'java';
  const javaVersion = await checkJava(javaPath);
  const dbPath = options.dbPath === undefined ? undefined : resolve(options.dbPath);
  if (dbPath !== undefined) await mkdir(dbPath, { recursive: true });

  const fixedPort = options.port !== undefined && options.port !== 0 ? options.port : undefined;
  if (fixedPort !== undefined && !(await isPortFree(fixedPort))) {
    throw new DynamoDbLocalStartFailed(`port ${fixedPort} is already in use; pick another or pass port 0`);
  }
  for (let attempt = 1; ; attempt++) {
    const port = fixedPort ?? (await findFreePort());
    try {
      return await launch({ ...options, javaPath, javaVersion, dbPath, port });
    } catch (error) {
      if (!(error instanceof PortTaken) || fixedPort !== undefined || attempt >= PORT_ATTEMPTS) throw error;
    }
  }
}

/**
 * Records the class-data archive now, with one short start and stop, unless it exists. For a
 * process about to keep a server for a long time while others start beside it (the test
 * suite's shared server): a long-lived start that records leaves every other start without
 * the archive until it stops.
 */
export async function recordClassDataArchive(options: Pick<DynamoDbLocalOptions, 'javaPath' | 'classDataDir'> = {}): Promise<void> {
  const root = options.classDataDir ?? DEFAULT_CLASS_DATA_DIR;
  if (root === false) return;
  const javaVersion = await checkJava(options.javaPath ?? 'java');
  if (existsSync(classDataArchivePath(emulatorDirectory(), javaVersion, root))) return;
  const recording = await startDynamoDbLocal(options);
  try {
    // Creating a table loads the classes every local world's first steps need: into the archive with them.
    const client = createDynamoDbClient({ endpoint: recording.endpoint });
    await ensureTable(client, 'class-data-recording');
    client.destroy();
  } finally {
    await recording.stop();
  }
}

/** A document client for a DynamoDB Local endpoint (dummy credentials, region `local`). */
export function dynamoDbClientFor(endpoint: string): DynamoDBDocumentClient {
  return createDynamoDbClient({ endpoint });
}

interface LaunchOptions extends DynamoDbLocalOptions {
  javaPath: string;
  javaVersion: string;
  port: number;
}

async function launch(options: LaunchOptions): Promise<DynamoDbLocal> {
  const jarDir = emulatorDirectory();
  const plan = launchPlan(jarDir, options);
  const args = [
    ...(options.jvmArgs ?? FAST_START_JVM_ARGS),
    `-Djava.library.path=${join(jarDir, 'DynamoDBLocal_lib')}`,
    ...plan.args,
    '-port',
    String(options.port),
    ...(options.dbPath === undefined ? ['-inMemory'] : ['-dbPath', options.dbPath]),
    // One database for every access key and region, so any client configuration sees the
    // same tables; and no telemetry calls to AWS from a developer's machine or CI.
    '-sharedDb',
    '-disableTelemetry',
  ];
  const child = spawn(options.javaPath, args, { cwd: jarDir, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = captureTail(child);
  let spawnError: Error | undefined;
  const exited = new Promise<void>((done) => {
    child.once('exit', (code, signal) => {
      // SIGTERM ends java with 143 once its exit work (writing a recorded archive) is done.
      plan.exited(signal === null && (code === 0 || code === 143));
      done();
    });
    // Without a listener a failed spawn (java removed since the check) would crash the process.
    child.once('error', (error) => {
      spawnError = error;
      plan.exited(false);
      done();
    });
  });
  const releaseGuard = guardAgainstOrphan(child);
  const endpoint = `http://127.0.0.1:${options.port}`;

  const stop = async (): Promise<void> => {
    releaseGuard();
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      // A recording JVM writes its archive before it exits: a few seconds on a busy machine.
      const grace = Math.max(options.stopGraceMs ?? 5_000, plan.use === 'recording' ? 30_000 : 0);
      const timer = setTimeout(() => child.kill('SIGKILL'), grace);
      await exited;
      clearTimeout(timer);
    }
  };

  try {
    await waitUntilAnswering(endpoint, output, exited, options.startTimeoutMs ?? 30_000);
  } catch (error) {
    await stop();
    if (spawnError) throw new JavaMissing(options.javaPath, `could not be started (${spawnError.message})`, { cause: spawnError });
    throw error;
  }
  return { endpoint, port: options.port, pid: child.pid!, classData: plan.use, stop };
}

function launchPlan(jarDir: string, options: LaunchOptions): JavaLaunchPlan {
  const root = options.classDataDir ?? DEFAULT_CLASS_DATA_DIR;
  return root === false ? plainLaunch(jarDir) : classDataLaunch(jarDir, options.javaVersion, root);
}

function emulatorDirectory(): string {
  try {
    const manifest = createRequire(import.meta.url).resolve('amplify-dynamodb-simulator/package.json');
    return join(dirname(manifest), 'emulator');
  } catch (error) {
    throw new DynamoDbLocalStartFailed('amplify-dynamodb-simulator (which ships DynamoDB Local) is not installed', {
      cause: error,
    });
  }
}

/** Keeps the last few KB of the server's output for error messages (and drains the pipes). */
function captureTail(child: ChildProcess): () => string {
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-4_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => tail;
}

/**
 * A client that asks DynamoDB Local once whether it answers: one attempt, and a request that
 * waits too long fails as an error (not the SDK's warning on a person's terminal).
 */
export function localProbeClient(endpoint: string, timeouts: { connectionTimeout: number; requestTimeout: number }): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
    requestHandler: { ...timeouts, throwOnRequestTimeout: true },
  });
}

/**
 * Polls ListTables until it succeeds. DynamoDB Local does not exit when its port is taken (it
 * prints a BindException and hangs), so the output is checked for that too.
 */
async function waitUntilAnswering(endpoint: string, output: () => string, exited: Promise<void>, timeoutMs: number): Promise<void> {
  // A JVM warming up on a busy machine can take seconds to answer: a probe that waits too
  // long is aborted and retried.
  const probe = localProbeClient(endpoint, { connectionTimeout: 1_000, requestTimeout: 5_000 });
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (/BindException|Failed to bind/.test(output())) throw new PortTaken(`${endpoint} is taken:\n${output()}`);
      if (hasExited) throw new DynamoDbLocalStartFailed(`DynamoDB Local exited during start:\n${output()}`);
      try {
        await probe.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        // Not listening yet: try again shortly.
      }
      if (Date.now() > deadline) {
        throw new DynamoDbLocalStartFailed(`DynamoDB Local did not answer at ${endpoint} within ${timeoutMs} ms:\n${output()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    probe.destroy();
  }
}
