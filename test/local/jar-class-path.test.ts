import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyJarWithoutClassPath } from '../../lib/local/jar-class-path.js';

const jar = join(dirname(createRequire(import.meta.url).resolve('amplify-dynamodb-simulator/package.json')), 'emulator', 'DynamoDBLocal.jar');
const scratch = mkdtempSync(join(tmpdir(), 'rapport-jar-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('DynamoDB Local jar without its Class-Path', () => {
  it('reads the libraries and main class from the manifest, and writes a copy whose manifest names no Class-Path', () => {
    const launch = copyJarWithoutClassPath(jar, join(scratch, 'copy.jar'));
    expect(launch.mainClass).toBe('com.amazonaws.services.dynamodbv2.local.main.ServerRunner');
    // `.` (the folder that rules out class-data sharing) and the non-jar entry are left out.
    expect(launch.libraries.length).toBeGreaterThan(100);
    expect(launch.libraries.every((path) => path.endsWith('.jar') && existsSync(path))).toBe(true);

    const again = copyJarWithoutClassPath(join(scratch, 'copy.jar'), join(scratch, 'copy-of-copy.jar'));
    expect(again).toEqual({ libraries: [], mainClass: launch.mainClass });
  });
});
