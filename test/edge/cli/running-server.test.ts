import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../../lib/local/free-port.js';
import { icsCalendar } from '../../services/calendar-files.js';

/**
 * The CLI while `npm start` runs on the same data folder: a real server (DynamoDB Local and
 * all) in a child process, and the CLI in others, as a person runs them in two terminals.
 */

const BIN = fileURLToPath(new URL('../../../bin/rapport.js', import.meta.url));

async function cli(dataDir: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { env: { ...process.env, RAPPORT_DATA_DIR: dataDir, PORT: '0' } });
    return { code: 0, out: stdout, err: stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout, err: e.stderr };
  }
}

/** Starts `rapport serve` and resolves with its dashboard's origin once it says it is running. */
function startServer(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'serve'], { env: { ...process.env, RAPPORT_DATA_DIR: dataDir, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const running = /Rapport is running: (http:\/\/\S+)\/app/.exec(output);
      if (running) resolve({ child, url: running[1]! });
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', (code) => reject(new Error(`rapport serve exited (${code}):\n${output}`)));
  });
}

function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once('exit', () => done());
    child.kill('SIGINT');
  });
}

describe('rapport import-ics while npm start runs on the same data folder', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rapport-running-'));
  const calendar = join(mkdtempSync(join(tmpdir(), 'rapport-running-cal-')), 'work.ics');
  writeFileSync(calendar, icsCalendar([{ uid: 'coffee@t', start: '20261110T100000Z', end: '20261110T110000Z', summary: 'Coffee', attendees: [{ email: 'alex@northwind.example' }, { email: 'quinn@example.com' }] }]));
  let server: { child: ChildProcess; url: string };
  beforeAll(async () => {
    server = await startServer(dataDir);
  }, 120_000);
  afterAll(async () => {
    if (server) await stopServer(server.child);
  }, 60_000);

  it('connects the calendar through the server’s database, which the dashboard then shows', async () => {
    const added = await cli(dataDir, ['import-ics', calendar]);
    expect(added).toMatchObject({ code: 0, out: expect.stringContaining(`Connected ${calendar}`) });
    expect(added.out).toContain(`${server.url}/app#calendars shows it`);
    const contacts = await cli(dataDir, ['contacts', '--json']);
    expect(contacts.code).toBe(0);
    expect((JSON.parse(contacts.out) as { contacts: { email: string }[] }).contacts.map((c) => c.email)).toContain('quinn@example.com');
    const dashboard = await (await fetch(`${server.url.replace('localhost', '127.0.0.1')}/app`)).text();
    expect(dashboard).toContain(calendar);
  }, 120_000);

  it('a second server on the folder is refused in one line', async () => {
    const second = await cli(dataDir, ['serve']);
    expect(second.code).toBe(1);
    expect(second.err.trim()).toMatch(/^rapport: Another Rapport process \(\d+\) is using .+ Wait for it to finish or stop it \(Ctrl-C\), or set RAPPORT_DATA_DIR to another folder\.$/);
  }, 60_000);

  it('once the server stops, its record goes with it and the CLI opens the folder itself', async () => {
    await stopServer(server.child);
    expect(existsSync(join(dataDir, 'server.json'))).toBe(false);
    const contacts = await cli(dataDir, ['contacts', '--json']);
    expect(contacts.code).toBe(0);
    expect(contacts.out).toContain('quinn@example.com');
  }, 120_000);
});

describe('a running server whose database does not answer', () => {
  it('is named in one line with its dashboard, and nothing is started', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rapport-silent-'));
    const silent = `http://127.0.0.1:${await findFreePort()}`;
    // This test's own process stands in for the server: alive, but its "database" has no listener.
    writeFileSync(join(dataDir, 'server.json'), JSON.stringify({ pid: process.pid, url: 'http://localhost:3999', dynamoDbEndpoint: silent }));
    const result = await cli(dataDir, ['import-ics', '/nowhere.ics']);
    expect(result.code).toBe(1);
    expect(result.err.trim()).toBe(
      `rapport: Rapport is running on ${dataDir} (process ${process.pid}) but its database does not answer: use the dashboard at http://localhost:3999/app, or stop that server (Ctrl-C) and run this again.`,
    );
    expect(existsSync(join(dataDir, 'dynamodb'))).toBe(false);
  }, 60_000);
});
