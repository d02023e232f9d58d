#!/usr/bin/env node
// The CLI runs from its prebuilt JavaScript (bin/build.js; `npm ci`, `npm start` and `npm test`
// build it) when that build is exactly today's sources, and otherwise from the TypeScript sources
// through tsx's loader: no build step is ever needed between a clone or an edit and a working CLI,
// and a stale build never runs. The prebuilt start is several times faster (see the README's bench).
import { freshPrebuiltEntry } from './prebuilt.js';

// Lambda runs Node 22; locally Node 20 is supported, so the SDK's notice about its future
// Node 22 requirement is noise on every command. The SDK looks for this switch in the
// environment itself (when its first client is made), so the environment is where it goes: the
// one write to it, and not a setting of Rapport's (those are read in lib/runtime/config.ts only).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const argv = process.argv.slice(2);
const prebuilt = freshPrebuiltEntry();
// Stack traces name the TypeScript sources; the maps are read only when traces are asked for.
if (prebuilt && argv.includes('--debug')) process.setSourceMapsEnabled(true);
const { main } = prebuilt ? await import(prebuilt) : await fromSources();
process.exitCode = await main(argv);

async function fromSources() {
  const { register } = await import('tsx/esm/api');
  register();
  return import('../lib/edge/cli/main.ts');
}
