import type { LocalOptions } from '../../runtime/config.js';
import type { CliContext } from './local-commands.js';

/** What the local commands share: the data folder, where booking links point, a terminal's log level. */
export function localContext(local: LocalOptions, out: (text: string) => void): CliContext {
  return { dataDir: local.dataDir, baseUrl: `http://localhost:${local.port}`, overrides: { logLevel: local.logLevel }, out };
}
