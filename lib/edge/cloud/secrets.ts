import { applySecrets, secretSourcesOf } from '../../runtime/config.js';

/**
 * Fetches the function's secrets once per cold start (two GetSecretValue calls in parallel),
 * before the configuration is first read. The client is imported here, on demand: local runs
 * and functions without secrets never load it.
 */

let loading: Promise<void> | undefined;

export function loadCloudSecrets(): Promise<void> {
  loading ??= fetchAndApply().catch((error: unknown) => {
    // The next invocation tries again rather than keeping a failed cold start forever.
    loading = undefined;
    throw error;
  });
  return loading;
}

async function fetchAndApply(): Promise<void> {
  const sources = secretSourcesOf();
  if (!sources.signingKey && !sources.oauthClients) return;
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient({});
  const read = async (arn: string | undefined) => (arn ? ((await client.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString ?? '') : undefined);
  const [signingKey, oauthClients] = await Promise.all([read(sources.signingKey), read(sources.oauthClients)]);
  applySecrets({ signingKey, oauthClients });
}
