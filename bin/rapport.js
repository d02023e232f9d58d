#!/usr/bin/env node
// Runs the TypeScript CLI directly through tsx's loader: no build step between a clone and `npm start`.
import { register } from 'tsx/esm/api';

// Lambda runs Node 22; locally Node 20 is supported, so the SDK's notice about its future
// Node 22 requirement is noise on every command. The SDK looks for this switch in the
// environment itself (when its first client is made), so the environment is where it goes: the
// one write to it, and not a setting of Rapport's (those are read in lib/runtime/config.ts only).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
const { main } = await import('../lib/edge/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
