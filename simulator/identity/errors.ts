// Identity-platform (login.microsoftonline.com) errors, with AADSTS codes in the shape MSAL parses.

export class IdentityError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly aadsts: number,
    readonly description: string,
  ) {
    super(`AADSTS${aadsts}: ${description}`);
  }
}

export const identityErrors = {
  tenantNotFound: (tenant: string) =>
    new IdentityError(
      400,
      'invalid_request',
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
    ),
  appNotFound: (appId: string, tenant: string) =>
    new IdentityError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${appId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
    ),
  badSecret: (appId: string) =>
    new IdentityError(
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${appId}'.`,
    ),
  badAssertion: () =>
    new IdentityError(
      401,
      'invalid_client',
      700027,
      'The certificate with identifier used to sign the client assertion is not registered on application.',
    ),
  invalidScope: () =>
    new IdentityError(
      400,
      'invalid_scope',
      70011,
      "The provided value for the input parameter 'scope' is not valid. The scope https://graph.microsoft.com/.default is not valid.",
    ),
  codeExpired: () =>
    new IdentityError(
      400,
      'invalid_grant',
      70008,
      'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
    ),
  codeRedeemed: () =>
    new IdentityError(
      400,
      'invalid_grant',
      54005,
      'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
    ),
  pkceMismatch: () =>
    new IdentityError(
      400,
      'invalid_grant',
      501481,
      'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
    ),
  consentRequired: (appId: string) =>
    new IdentityError(
      400,
      'invalid_grant',
      65001,
      `The user or administrator has not consented to use the application with ID '${appId}'. Send an interactive authorization request for this user and resource.`,
    ),
  // AADSTS50173 as Entra answers a refresh token issued before the user's StsRefreshTokensValidFrom.
  refreshRevoked: (issuedAtMs: number, validFromMs: number) =>
    new IdentityError(
      400,
      'invalid_grant',
      50173,
      `The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password. The grant was issued on '${new Date(issuedAtMs).toISOString()}' and the TokensValidFrom date (before which tokens are not valid) for this user is '${new Date(validFromMs).toISOString()}'.`,
    ),
  refreshExpired: () =>
    new IdentityError(400, 'invalid_grant', 700082, 'The refresh token has expired due to inactivity.'),
  unsupportedGrant: (grant: string) =>
    new IdentityError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grant}'.`),
  redirectMismatch: (appId: string) =>
    new IdentityError(
      400,
      'invalid_request',
      50011,
      `The redirect URI specified in the request does not match the redirect URIs configured for the application '${appId}'.`,
    ),
  missingParameter: (name: string) =>
    new IdentityError(
      400,
      'invalid_request',
      900144,
      `The request body must contain the following parameter: '${name}'.`,
    ),
  consentDenied: () =>
    new IdentityError(400, 'consent_required', 65004, 'The resource owner or authorization server denied the request.'),
  // Codes below were added by the identity platform; texts marked UNVERIFIED in simulator/README.md.
  discoveryTenantNotFound: (tenant: string) =>
    new IdentityError(
      400,
      'invalid_tenant',
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
    ),
  tenantIndependent: (tenant: string) =>
    new IdentityError(
      400,
      'invalid_request',
      900023,
      `Specified tenant identifier '${tenant}' is neither a valid DNS name, nor a valid external domain.`,
    ),
  missingClientCredential: () =>
    new IdentityError(
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    ),
  assertionSignature: () =>
    new IdentityError(
      401,
      'invalid_client',
      7000274,
      'Key was found, but use of the key to verify the signature failed.',
    ),
  assertionExpired: () =>
    new IdentityError(401, 'invalid_client', 700024, 'Client assertion is not within its valid time range.'),
  assertionAudience: () =>
    new IdentityError(
      401,
      'invalid_client',
      70021,
      'No matching federated identity record found for presented assertion audience.',
    ),
  assertionIssuer: () =>
    new IdentityError(
      401,
      'invalid_client',
      700021,
      "Client assertion application identifier doesn't match 'client_id' parameter.",
    ),
  unsupportedAssertionType: () =>
    new IdentityError(
      400,
      'invalid_request',
      700025,
      'Client is public so neither client_assertion nor client_secret should be presented.',
    ),
  invalidCode: () =>
    new IdentityError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.'),
  codeRedirectMismatch: () =>
    new IdentityError(
      400,
      'invalid_grant',
      500112,
      'The reply address does not match the reply address provided when requesting Authorization code.',
    ),
  codeClientMismatch: () =>
    new IdentityError(
      400,
      'invalid_grant',
      70000,
      'The request was denied because one or more grants are invalid or expired.',
    ),
  invalidRefreshToken: () =>
    new IdentityError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.'),
  resourceNotFound: (resource: string, tenant: string) =>
    new IdentityError(
      400,
      'invalid_resource',
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
    ),
  pkceRequired: () =>
    new IdentityError(
      400,
      'invalid_request',
      9002325,
      'Proof Key for Code Exchange is required for cross-origin authorization code redemption.',
    ),
  unsupportedResponseType: () =>
    new IdentityError(
      400,
      'unsupported_response_type',
      700054,
      "response_type 'id_token' is not enabled for the application.",
    ),
  loginRequired: () =>
    new IdentityError(400, 'login_required', 50058, 'A silent sign-in request was sent but no user is signed in.'),
  interactionRequired: (appId: string) =>
    new IdentityError(
      400,
      'consent_required',
      65001,
      `The user or administrator has not consented to use the application with ID '${appId}'. Send an interactive authorization request for this user and resource.`,
    ),
  userDeniedConsent: () =>
    new IdentityError(400, 'access_denied', 65004, 'User declined to consent to access the app.'),
  badCredentials: () =>
    new IdentityError(400, 'invalid_grant', 50126, 'Error validating credentials due to invalid username or password.'),
  accountDisabled: () => new IdentityError(400, 'invalid_grant', 50057, 'The user account is disabled.'),
  userNotInTenant: (upn: string, tenantName: string, appId: string, appName: string) =>
    new IdentityError(
      400,
      'invalid_grant',
      50020,
      `User account '${upn}' from identity provider 'https://sts.windows.net/${tenantName}/' does not exist in tenant '${tenantName}' and cannot access the application '${appId}'(${appName}) in that tenant. The account needs to be added as an external user in the tenant first. Sign out and sign in again with a different Azure Active Directory user account.`,
    ),
  userNotFound: (upn: string, domain: string) =>
    new IdentityError(
      400,
      'invalid_grant',
      50034,
      `The user account ${upn} does not exist in the ${domain} directory. To sign into this application, the account must be added to the directory.`,
    ),
  adminApprovalRequired: () => new IdentityError(403, 'access_denied', 90094, 'The grant requires admin permission.'),
  invalidScopeValue: (scope: string) =>
    new IdentityError(
      400,
      'invalid_scope',
      70011,
      `The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`,
    ),
  staleFlow: () =>
    new IdentityError(
      400,
      'invalid_request',
      90015,
      'Requested query string is too long or the sign-in session has expired. Start the sign-in again.',
    ),
  commonNotAllowed: (appId: string) =>
    new IdentityError(
      400,
      'invalid_request',
      90130,
      `Application '${appId}' is not supported over the /common or /consumers endpoints. Please use the /organizations or tenant-specific endpoint.`,
    ),
};

/** The token-endpoint error JSON, as Microsoft returns it (MSAL reads error, error_description, error_codes). */
export function identityErrorBody(err: IdentityError, traceId: string, correlationId: string, now: Date): unknown {
  const timestamp = now.toISOString().replace('T', ' ').slice(0, 19) + 'Z';
  return {
    error: err.error,
    error_description: `AADSTS${err.aadsts}: ${err.description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [err.aadsts],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${err.aadsts}`,
  };
}
