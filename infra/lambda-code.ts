import { buildSync } from 'esbuild';
import { join } from 'node:path';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { bundleOptions } from './bundling.js';

/**
 * A function's code, bundled on this machine by esbuild (a dev dependency: no Docker) with the
 * options `npm run bench` measures. NodejsFunction's own bundling passes `--outfile`, which
 * rules out code splitting, and splitting is what keeps provider SDKs off most cold starts;
 * so the stack hands NodejsFunction this asset through its `code` property instead.
 */
const ROOT = join(import.meta.dirname, '..');

export function lambdaCode(functionName: string): Code {
  const entry = join(ROOT, 'functions', `${functionName}.ts`);
  return Code.fromAsset(join(ROOT, 'functions'), {
    // Hash what deploys, not the source folder: unchanged output means no new upload.
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never pulled: local bundling always succeeds or throws.
      image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22-slim'),
      // CDK caches staged assets by source folder and bundling options, and the local bundler
      // is not part of that key: naming the function here keeps each function's bundle its own.
      command: ['bundle', functionName],
      local: {
        tryBundle(outputDir: string): boolean {
          buildSync({ ...bundleOptions(entry, outputDir), absWorkingDir: ROOT, metafile: false });
          return true;
        },
      },
    },
  });
}
