import { vi } from 'vitest';

/**
 * Runs before every test file (vitest re-imports setup files per file even with `isolate:
 * false`). The suite runs without vitest's per-file process (see vitest.config.ts), so what a
 * fresh process used to give each file is given here instead:
 *
 * - our own modules evaluated afresh: the configuration and runtime singletons
 *   (lib/runtime), the cold start's secrets, the shared SQS client and Powertools objects
 *   start empty for each file, as they do in a new Lambda container. Packages from
 *   node_modules stay loaded (Node keeps its own cache of them), which is the saving.
 * - the environment as the worker started: files set RAPPORT_* variables for their app and
 *   not every one deletes them again.
 */
const KEY = Symbol.for('rapport.test.workerEnvironment');
const holder = globalThis as { [KEY]?: Record<string, string | undefined> };
const initial = (holder[KEY] ??= { ...process.env });

for (const name of Object.keys(process.env)) if (!(name in initial)) delete process.env[name];
Object.assign(process.env, initial);

vi.resetModules();
