// Identity-platform (login.microsoftonline.com) errors, with AADSTS codes in the shape MSAL parses.

export class IdentityError extends Error {
  constructor(readonly status: number, readonly error: string, readonly aadsts: number, readonly description: string) {
    super(`AADSTS${aadsts}: ${description}`);
  }
}

export const identityErrors = {
  tenantNotFound: (tenant: string) => new IdentityError(400, 'invalid_request', 90002,
    `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`),
  appNotFound: (appId: string, tenant: string) => new IdentityError(400, 'unauthorized_client', 700016,
    `Application with identifier '${appId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`),
  badSecret: (appId: string) => new IdentityError(401, 'invalid_client', 7000215,
    `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${appId}'.`),
  badAssertion: () => new IdentityError(401, 'invalid_client', 700027, 'The certificate with identifier used to sign the client assertion is not registered on application.'),
  invalidScope: () => new IdentityError(400, 'invalid_scope', 70011,
    "The provided value for the input parameter 'scope' is not valid. The scope https://graph.microsoft.com/.default is not valid."),
  codeExpired: () => new IdentityError(400, 'invalid_grant', 70008, 'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.'),
  codeRedeemed: () => new IdentityError(400, 'invalid_grant', 54005, 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.'),
  pkceMismatch: () => new IdentityError(400, 'invalid_grant', 501481, 'The Code_Verifier does not match the code_challenge supplied in the authorization request.'),
  consentRequired: (appId: string) => new IdentityError(400, 'invalid_grant', 65001,
    `The user or administrator has not consented to use the application with ID '${appId}'. Send an interactive authorization request for this user and resource.`),
  refreshExpired: () => new IdentityError(400, 'invalid_grant', 700082, 'The refresh token has expired due to inactivity.'),
  unsupportedGrant: (grant: string) => new IdentityError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grant}'.`),
  redirectMismatch: (appId: string) => new IdentityError(400, 'invalid_request', 50011,
    `The redirect URI specified in the request does not match the redirect URIs configured for the application '${appId}'.`),
  missingParameter: (name: string) => new IdentityError(400, 'invalid_request', 900144, `The request body must contain the following parameter: '${name}'.`),
  consentDenied: () => new IdentityError(400, 'consent_required', 65004, 'The resource owner or authorization server denied the request.'),
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
