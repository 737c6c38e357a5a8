// Verifies an id token from the Microsoft identity platform before Lantern trusts any claim in it, for any tenant
// (multi-tenant sign-in: the caller decides which tenants it accepts). MSAL checks the nonce but not the signature,
// issuer or audience, so this does all five: signature against the JWKS of the tenant
// named in the token (one key set per tenant, cached by jose), issuer `{authorityHost}/{tid}/v2.0`, audience = our
// client id, expiry (with a small clock tolerance) and nonce.
import { createRemoteJWKSet, decodeJwt, jwtVerify, type JWTPayload } from 'jose';
import { normaliseCloud } from './cloud.js';
import type { CloudEndpoints } from '../domain/connector.js';

export interface VerifiedIdToken {
  objectId: string;
  tenantId: string;
  /** preferred_username: for display only, never for authorization. */
  upn: string;
  /** Directory role template ids (`wids`). */
  roleTemplateIds: string[];
  /** Values of the app roles of the app the token was issued to (`roles`), directly or through a group. */
  appRoles: string[];
  /** `name`: for display only. */
  displayName: string;
}

/** The tenant id of personal Microsoft accounts (outlook.com, live.com): never a governed organisation. */
export const PERSONAL_ACCOUNTS_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';

export class IdTokenError extends Error {
  override name = 'IdTokenError';
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface IdTokenVerifier {
  verify(idToken: string, expected: { nonce: string }): Promise<VerifiedIdToken>;
}

export function createIdTokenVerifier(options: {
  cloud: CloudEndpoints;
  clientId: string;
  clockToleranceSeconds?: number;
  /** The clock expiry is checked against (tests). */
  now?: () => Date;
}): IdTokenVerifier {
  const { authorityHost } = normaliseCloud(options.cloud);
  const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
  const keysFor = (tenantId: string) => {
    let keys = keySets.get(tenantId);
    if (!keys) {
      keys = createRemoteJWKSet(new URL(`${authorityHost}/${tenantId}/discovery/v2.0/keys`));
      keySets.set(tenantId, keys);
    }
    return keys;
  };
  return {
    async verify(idToken, { nonce }) {
      let unverifiedTid: unknown;
      try {
        unverifiedTid = decodeJwt(idToken).tid;
      } catch {
        throw new IdTokenError('The id token is not a JWT.');
      }
      // The tenant only chooses which key set and issuer to check against; both come from our authority host.
      if (typeof unverifiedTid !== 'string' || !GUID.test(unverifiedTid))
        throw new IdTokenError('The id token names no tenant.');
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(idToken, keysFor(unverifiedTid.toLowerCase()), {
          issuer: `${authorityHost}/${unverifiedTid}/v2.0`,
          audience: options.clientId,
          algorithms: ['RS256'],
          clockTolerance: options.clockToleranceSeconds ?? 120,
          ...(options.now ? { currentDate: options.now() } : {}),
          requiredClaims: ['exp', 'iat', 'nonce', 'oid', 'tid'],
        }));
      } catch (error) {
        throw new IdTokenError(
          `The id token did not verify: ${(error as { code?: string }).code ?? (error as Error).message}.`,
        );
      }
      if (payload.nonce !== nonce) throw new IdTokenError('The id token answers a different sign-in (nonce mismatch).');
      const wids = Array.isArray(payload.wids) ? payload.wids.map(String) : [];
      const upn = String(payload.preferred_username ?? payload.upn ?? payload.oid);
      return {
        objectId: String(payload.oid),
        tenantId: String(payload.tid).toLowerCase(),
        upn,
        roleTemplateIds: wids,
        appRoles: Array.isArray(payload.roles) ? payload.roles.map(String) : [],
        displayName: typeof payload.name === 'string' && payload.name.trim() ? payload.name : upn,
      };
    },
  };
}
