import type { BuildOptions } from 'esbuild';

/**
 * How every Lambda entry point in functions/ is bundled: one definition read by the CDK stack
 * and by `npm run bench`, so the sizes the benchmark reports are the sizes that deploy.
 *
 * ESM with code splitting: provider adapters and other rarely needed code sit behind
 * `await import()` and land in their own chunks, so a function's cold start loads only its
 * entry. `module` entry points first: the AWS SDK's ES builds tree-shake far better.
 */
export const LAMBDA_RUNTIME_TARGET = 'node22';

export function bundleOptions(entry: string, outdir: string): BuildOptions {
  return {
    entryPoints: { index: entry },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: LAMBDA_RUNTIME_TARGET,
    minify: true,
    sourcemap: 'external',
    mainFields: ['module', 'main'],
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    // ESM output still meets CommonJS dependencies that call require() for Node built-ins.
    banner: { js: "import { createRequire as __rapportRequire } from 'node:module'; const require = __rapportRequire(import.meta.url);" },
    metafile: true,
    logLevel: 'silent',
    legalComments: 'none',
  };
}
