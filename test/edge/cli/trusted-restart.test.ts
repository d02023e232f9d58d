import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * `RAPPORT_MICROSOFT_FAKE=1 rapport serve` as people run it. The fake speaks https with a CA
 * made under the data folder, which Node trusts only from a process's start, so the CLI starts
 * itself again trusting it: the sign-in's code exchange (MSAL, https) only succeeds in such a
 * process. This run's NODE_EXTRA_CA_CERTS is the test CA, so the restart really happens here.
 */

const BIN = fileURLToPath(new URL('../../../bin/rapport.js', import.meta.url));
const running: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  // A failed test must not leave its server or DynamoDB Local behind either.
  for (const cli of running.splice(0)) {
    const family = [cli.pid!, ...childrenOf(cli.pid!).flatMap((pid) => [pid, ...childrenOf(pid)])];
    for (const pid of family.filter(isRunning)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Ended between the check and the kill: what we wanted.
      }
    }
  }
});

interface Started {
  cli: ChildProcessWithoutNullStreams;
  url: string;
  exited: Promise<number | null>;
  output: () => string;
}

async function startCli(dataDir: string): Promise<Started> {
  const cli = spawn(process.execPath, [BIN, 'serve'], { env: { ...process.env, PORT: '0', RAPPORT_DATA_DIR: dataDir, RAPPORT_MICROSOFT_FAKE: '1' } });
  running.push(cli);
  let out = '';
  cli.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  cli.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => cli.once('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    cli.stdout.on('data', () => {
      const match = /Rapport is running: (\S+)\/app/.exec(out);
      if (match) resolve(match[1]!);
    });
    void exited.then((code) => reject(new Error(`the CLI exited (${code}) before serving:\n${out}`)));
  });
  return { cli, url, exited, output: () => out };
}

/** Processes whose parent is `pid`, from /proc. */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      const stat = (() => {
        try {
          return readFileSync(`/proc/${name}/stat`, 'utf8');
        } catch {
          return '';
        }
      })();
      return Number(/^\d+ \(.*\) \S+ (\d+)/.exec(stat)?.[1]) === pid;
    })
    .map(Number);
}

/** Alive and not a zombie waiting to be reaped. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = (() => {
    try {
      return readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      return null;
    }
  })();
  return stat === null ? true : !/^\d+ \(.*\) Z /.test(stat);
}

/** The browser's round trip, by hand: start, the fake's sign-in page, Allow, the callback. */
async function connectOutlook(url: string): Promise<Response> {
  const start = await fetch(`${url}/oauth/microsoft/start`, { redirect: 'manual' });
  const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0]!;
  const signIn = new URL(start.headers.get('location')!);
  const page = await (await fetch(signIn)).text();
  const request = /name="request" value="([^"]+)"/.exec(page)?.[1] ?? '';
  const allowed = await fetch(new URL('consent', signIn), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request, decision: 'allow' }).toString(),
  });
  return fetch(allowed.headers.get('location')!, { redirect: 'manual', headers: { cookie } });
}

describe('rapport serve with RAPPORT_MICROSOFT_FAKE=1', () => {
  it('starts again trusting its own CA, connects Outlook through it, and stops cleanly on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rapport-msfake-cli-'));
    const { cli, url, exited, output } = await startCli(dataDir);
    expect(existsSync(join(dataDir, 'tls', 'ca.crt'))).toBe(true);
    const [server] = childrenOf(cli.pid!);
    expect(server).toBeDefined();
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    const callback = await connectOutlook(url);
    expect(callback.status).toBe(303);
    expect(callback.headers.get('location')).toBe('/app?outlook-connected#calendars');

    const java = childrenOf(server!);
    cli.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output()).toContain('Stopping Rapport…');
    expect(isRunning(server!)).toBe(false);
    // Grandchildren send no exit event to us: poll, with the test's own time as the only limit.
    for (const pid of java) await expect.poll(() => isRunning(pid), { timeout: 60_000 }).toBe(false);
  }, 90_000);

  it('never outlives the process that started it, even one killed outright', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rapport-msfake-cli-'));
    const { cli, exited } = await startCli(dataDir);
    const [server] = childrenOf(cli.pid!);
    const java = childrenOf(server!);
    expect(java.length).toBeGreaterThan(0);

    cli.kill('SIGKILL');
    await exited;
    for (const pid of [server!, ...java]) await expect.poll(() => isRunning(pid), { timeout: 60_000 }).toBe(false);
  }, 90_000);
});
