// Confidential-client authentication at the token endpoint: client secret (form field or HTTP Basic) or a client
// assertion JWT signed with the app's registered certificate (header x5t = SHA-1 or x5t#S256 = SHA-256 thumbprint).
import { createHash, X509Certificate, timingSafeEqual } from 'node:crypto';
import { decodeProtectedHeader, importX509, jwtVerify, errors as joseErrors } from 'jose';
import type { AppRegistration, SimulatorStore } from '../model/store.js';
import { identityErrors } from './errors.js';

export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface ClientCredentials {
  clientId?: string;
  clientSecret?: string;
  assertionType?: string;
  assertion?: string;
}

/** Reads client_id/secret from the form, or from `Authorization: Basic` (form-urlencoded parts, per RFC 6749). */
export function readClientCredentials(
  form: Record<string, string>,
  authorization: string | undefined,
): ClientCredentials {
  const basic = authorization?.match(/^Basic\s+(.+)$/i)?.[1];
  if (basic) {
    const [id, secret] = Buffer.from(basic, 'base64').toString('utf8').split(':');
    return { clientId: decodeURIComponent(id ?? ''), clientSecret: decodeURIComponent(secret ?? '') };
  }
  return {
    clientId: form.client_id,
    clientSecret: form.client_secret,
    assertionType: form.client_assertion_type,
    assertion: form.client_assertion,
  };
}

export function findApp(store: SimulatorStore, clientId: string): AppRegistration | undefined {
  return store.apps().find((a) => a.appId.toLowerCase() === clientId.toLowerCase());
}

/**
 * Verifies the credential against the app registration; throws the AADSTS error Entra gives.
 * `audiences` are the token endpoint URLs this request may name as assertion `aud`.
 */
export async function authenticateClient(
  app: AppRegistration,
  creds: ClientCredentials,
  audiences: string[],
  nowMs: number,
): Promise<void> {
  if (creds.assertion !== undefined || creds.assertionType !== undefined) {
    if (creds.assertionType !== JWT_BEARER_ASSERTION) throw identityErrors.missingParameter('client_assertion_type');
    return verifyAssertion(app, creds.assertion ?? '', audiences, nowMs);
  }
  if (!creds.clientSecret) throw identityErrors.missingClientCredential();
  if (!sameSecret(creds.clientSecret, app.clientSecret)) throw identityErrors.badSecret(app.appId);
}

function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

async function verifyAssertion(
  app: AppRegistration,
  assertion: string,
  audiences: string[],
  nowMs: number,
): Promise<void> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(assertion);
  } catch {
    throw identityErrors.badAssertion();
  }
  const cert = new X509Certificate(app.certificatePem);
  const sha1 = Buffer.from(cert.fingerprint.replace(/:/g, ''), 'hex').toString('base64url');
  const sha256 = Buffer.from(cert.fingerprint256.replace(/:/g, ''), 'hex').toString('base64url');
  const named = header['x5t#S256'] ?? header.x5t;
  if (named !== sha1 && named !== sha256) throw identityErrors.badAssertion();
  const alg = header.alg === 'PS256' ? 'PS256' : 'RS256';
  const key = await importX509(app.certificatePem, alg);
  try {
    const { payload } = await jwtVerify(assertion, key, {
      algorithms: [alg],
      currentDate: new Date(nowMs),
      clockTolerance: 300,
    });
    if (payload.iss !== app.appId || payload.sub !== app.appId) throw identityErrors.assertionIssuer();
    const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    const normalise = (u: string | undefined): string => (u ?? '').split('?')[0]!.replace(/\/$/, '').toLowerCase();
    if (!aud.some((a) => audiences.map(normalise).includes(normalise(a)))) throw identityErrors.assertionAudience();
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired || err instanceof joseErrors.JWTClaimValidationFailed)
      throw identityErrors.assertionExpired();
    if (err instanceof joseErrors.JOSEError) throw identityErrors.assertionSignature();
    throw err;
  }
}
