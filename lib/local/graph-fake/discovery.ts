/**
 * The Microsoft identity platform's discovery documents, as MSAL reads them to trust an
 * authority: the tenant's OpenID configuration and the instance discovery answer.
 *
 * MSAL builds the browser's sign-in URL from `authorization_endpoint`, so `signInBase` moves
 * only that page (the local run serves it over plain http, see server.ts); everything MSAL
 * itself calls stays on the https authority.
 */

export function openIdConfiguration(base: string, tenant: string, signInBase = base) {
  const issuerTenant = tenant === 'common' || tenant === 'organizations' || tenant === 'consumers' ? '{tenantid}' : tenant;
  return {
    token_endpoint: `${base}/${tenant}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/${tenant}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${base}/${issuerTenant}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${base}/oidc/userinfo`,
    authorization_endpoint: `${signInBase}/${tenant}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/${tenant}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/${tenant}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'at_hash', 'c_hash', 'email'],
    kerberos_endpoint: `${base}/${tenant}/kerberos`,
    tenant_region_scope: null,
    cloud_instance_name: new URL(base).host,
    cloud_graph_host_name: new URL(base).host,
    msgraph_host: new URL(base).host,
    rbac_url: `${base}`,
  };
}

export function instanceDiscovery(base: string) {
  const host = new URL(base).host;
  return {
    tenant_discovery_endpoint: `${base}/common/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  };
}
