#!/usr/bin/env node
// Runs the TypeScript CLI directly through tsx's loader: no build step between a clone and `npm start`.
import { register } from 'tsx/esm/api';

// Lambda runs Node 22; locally Node 20 is supported, so the SDK's notice about its future
// Node 22 requirement is noise on every command.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
const { main } = await import('../lib/edge/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
