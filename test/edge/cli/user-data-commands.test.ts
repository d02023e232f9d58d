import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * `rapport note`, `export --json` and `import` as people run them: child processes of
 * bin/rapport.js on their own data folders (DynamoDB Local persisted under each).
 */
const run = async (args: string[], dataDir: string) => {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['bin/rapport.js', ...args], {
      env: { ...process.env, TZ: 'Pacific/Chatham', RAPPORT_DATA_DIR: dataDir },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

const withoutTime = (json: string) => {
  const { exportedAt: _at, ...rest } = JSON.parse(json) as Record<string, unknown>;
  return rest;
};

describe('rapport note / export / import', () => {
  it('notes a contact, exports everything, and restores it into an empty data folder only', async () => {
    const first = mkdtempSync(join(tmpdir(), 'rapport-cli-user-data-'));
    expect((await run(['sync'], first)).code).toBe(0);

    const noted = await run(['note', 'Tom@Okafor-Design.example', 'Moved to Lisbon; hiring a data lead'], first);
    expect(noted).toMatchObject({ code: 0, stdout: 'Noted for tom@okafor-design.example (35 characters).\n' });
    const tooLong = await run(['note', 'tom@okafor-design.example', 'x'.repeat(1001)], first);
    expect(tooLong.code).toBe(2);
    expect(tooLong.stderr).toBe('rapport: text: A note can be at most 1,000 characters.\n');
    const nobody = await run(['note', 'nobody@example.com', 'hi'], first);
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain('There is no contact nobody@example.com.');

    const exported = await run(['export', '--json'], first);
    expect(exported.code).toBe(0);
    const data = JSON.parse(exported.stdout) as { contacts: unknown[]; meetings: unknown[]; notes: { contactEmail: string; text: string }[]; settings: unknown };
    expect(data.contacts.length).toBeGreaterThan(40);
    expect(data.meetings.length).toBeGreaterThan(10);
    expect(data.notes).toEqual([expect.objectContaining({ contactEmail: 'tom@okafor-design.example', text: 'Moved to Lisbon; hiring a data lead' })]);
    expect(exported.stdout).not.toMatch(/"(token|secret|sealed|credential)/i);

    const file = join(first, 'export.json');
    writeFileSync(file, exported.stdout);
    const second = mkdtempSync(join(tmpdir(), 'rapport-cli-user-data-'));
    const imported = await run(['import', file], second);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain(`Imported ${data.contacts.length} contacts, ${data.meetings.length} meetings, 1 notes`);
    // A restored store is the user's own: running Rapport on it adds no sample calendar.
    expect((await run(['sync'], second)).code).toBe(0);
    expect(existsSync(join(second, 'sample-calendar.ics'))).toBe(false);
    expect(existsSync(join(first, 'sample-calendar.ics'))).toBe(true);
    const again = await run(['export', '--json'], second);
    expect(withoutTime(again.stdout)).toEqual(withoutTime(exported.stdout));

    const refused = await run(['import', file], second);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^rapport: The store already holds data for this user \(settings, contacts, meetings, notes\); import only restores into an empty store\./);

    const notJson = join(second, 'bad.json');
    writeFileSync(notJson, '{"format":"nope"}');
    const bad = await run(['import', notJson], mkdtempSync(join(tmpdir(), 'rapport-cli-user-data-')));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('This is not a Rapport export');
  }, 180_000);
});
