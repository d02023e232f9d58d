import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, test } from 'vitest';
import {
  DynamoDbLocalStartFailed,
  dynamoDbClientFor,
  ensureTable,
  JavaMissing,
  startDynamoDbLocal,
  type DynamoDbLocal,
} from '../../lib/local/dynamodb-local.js';
import { createStore } from '../../lib/adapters/store/store.js';
import { aContact } from '../adapters/store/fixtures.js';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function started(options: Parameters<typeof startDynamoDbLocal>[0] = {}): Promise<DynamoDbLocal> {
  const dynamo = await startDynamoDbLocal(options);
  cleanup.push(() => dynamo.stop());
  return dynamo;
}

/** Alive and not a zombie: a reparented, killed child may linger as `Z` until init reaps it. */
async function isRunning(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  return stat === null ? true : !/^\d+ \(.*\) Z /.test(stat);
}

describe('DynamoDB Local harness', () => {
  test('starts on a free port and answers API calls there', async () => {
    const dynamo = await started();
    expect(dynamo.port).toBeGreaterThan(0);
    expect(dynamo.endpoint).toBe(`http://127.0.0.1:${dynamo.port}`);
    const tables = await dynamoDbClientFor(dynamo.endpoint).send(new ListTablesCommand({}));
    expect(tables.TableNames).toEqual([]);
  });

  test('stop ends the java process', async () => {
    const dynamo = await startDynamoDbLocal();
    expect(await isRunning(dynamo.pid)).toBe(true);
    await dynamo.stop();
    expect(await isRunning(dynamo.pid)).toBe(false);
    await dynamo.stop(); // a second stop is harmless
  });

  test('data written with a dbPath survives a restart; the first start records the class archive the second starts from', async () => {
    const dbPath = await mkdtemp(join(tmpdir(), 'rapport-ddb-'));
    const classDataDir = await mkdtemp(join(tmpdir(), 'rapport-ddb-classes-'));
    cleanup.push(() => rm(dbPath, { recursive: true, force: true }), () => rm(classDataDir, { recursive: true, force: true }));
    const contact = aContact({ email: 'ana@example.com' });

    const first = await startDynamoDbLocal({ dbPath, classDataDir });
    expect(first.classData).toBe('recording');
    const firstClient = dynamoDbClientFor(first.endpoint);
    await ensureTable(firstClient, 'rapport');
    await createStore({ client: firstClient, tableName: 'rapport' }).contacts.putMany('u1', [contact]);
    await first.stop();

    const [archive] = await readdir(classDataDir);
    expect(await readdir(join(classDataDir, archive!))).toEqual(expect.arrayContaining(['classes.jsa', 'DynamoDBLocal.jar']));

    const second = await started({ dbPath, classDataDir });
    expect(second.classData).toBe('shared');
    const secondClient = dynamoDbClientFor(second.endpoint);
    await ensureTable(secondClient, 'rapport'); // an existing table is left as it is
    expect(await createStore({ client: secondClient, tableName: 'rapport' }).contacts.get('u1', 'ana@example.com')).toEqual(contact);
    // Two starts, one of which writes a ~50 MB archive as it stops: room for a busy machine.
  }, 60_000);

  test('a port already in use is refused with a clear error before java starts', async () => {
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(0, resolve));
    cleanup.push(() => new Promise((resolve) => server.close(resolve)));
    const port = (server.address() as { port: number }).port;
    await expect(startDynamoDbLocal({ port })).rejects.toThrow(DynamoDbLocalStartFailed);
    await expect(startDynamoDbLocal({ port })).rejects.toThrow(`port ${port} is already in use`);
  });

  test('a missing java binary is a JavaMissing error that says how to install Java 17', async () => {
    const start = startDynamoDbLocal({ javaPath: '/nonexistent/bin/java' });
    await expect(start).rejects.toBeInstanceOf(JavaMissing);
    await expect(start).rejects.toThrow(/Java 17.*was not found|was not found.*Java 17/s);
    await expect(start).rejects.toThrow('apt-get install openjdk-17-jre-headless');
  });

  test('a java that cannot run is also JavaMissing, not a server crash', async () => {
    await expect(startDynamoDbLocal({ javaPath: '/bin/false' })).rejects.toBeInstanceOf(JavaMissing);
  });

  test('the java server does not outlive a parent that is terminated', async () => {
    const fixture = fileURLToPath(new URL('./fixtures/start-and-wait.ts', import.meta.url));
    const parent = spawn(process.execPath, ['--import', 'tsx', fixture], { stdio: ['ignore', 'pipe', 'inherit'] });
    const parentExited = new Promise((resolve) => parent.once('exit', resolve));
    cleanup.push(async () => {
      parent.kill('SIGKILL');
      await parentExited;
    });
    const pid = await new Promise<number>((resolve, reject) => {
      let out = '';
      parent.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const line = out.split('\n').find((l) => l.startsWith('{'));
        if (line) resolve((JSON.parse(line) as { pid: number }).pid);
      });
      parent.once('exit', (code) => reject(new Error(`fixture exited early with ${code}`)));
    });
    expect(await isRunning(pid)).toBe(true);

    parent.kill('SIGTERM');
    await parentExited;
    // The java server is the fixture's child, not ours: no exit event reaches us, so poll, with
    // the test's own time as the only limit (a busy machine may take a while to reap it).
    await expect.poll(() => isRunning(pid), { timeout: 55_000 }).toBe(false);
  }, 60_000);
});
