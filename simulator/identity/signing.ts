// The simulator's token-signing key (RS256, like Entra's) and the access-token contract between the identity
// platform (which issues tokens) and Graph (which checks them).
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWK, type CryptoKey } from 'jose';
import { createHash, randomUUID } from 'node:crypto';

export interface SigningKeys {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

export async function createSigningKeys(): Promise<SigningKeys> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = createHash('sha256').update(JSON.stringify(publicJwk)).digest('base64url').slice(0, 27);
  return { kid, privateKey, publicKey, publicJwk: { ...publicJwk, kid, use: 'sig', alg: 'RS256' } };
}

export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';

/** What Graph handlers know about the caller, taken from a verified access token. */
export interface Caller {
  tenantId: string;
  appId: string;
  /** Application permissions (app-only tokens). */
  roles: string[];
  /** Delegated permissions (user tokens). */
  scopes: string[];
  /** The signed-in user for delegated tokens. */
  userId?: string;
}

export interface AccessTokenInput {
  tenantId: string;
  appId: string;
  roles?: string[];
  scopes?: string[];
  userId?: string;
  upn?: string;
  issuedAt: number; // epoch seconds (simulated clock)
  lifetimeSeconds: number;
}

/** Graph access tokens are v1-format (iss sts.windows.net) as Graph's are; clients must treat them as opaque. */
export async function issueAccessToken(keys: SigningKeys, input: AccessTokenInput): Promise<string> {
  const claims: Record<string, unknown> = {
    tid: input.tenantId,
    appid: input.appId,
    appidacr: '1',
    idtyp: input.userId ? 'user' : 'app',
    ver: '1.0',
    uti: randomUUID(),
  };
  if (input.roles?.length) claims.roles = input.roles;
  if (input.scopes?.length) claims.scp = input.scopes.join(' ');
  if (input.userId) {
    claims.oid = input.userId;
    claims.upn = input.upn;
    claims.unique_name = input.upn;
  }
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: keys.kid })
    .setIssuer(`https://sts.windows.net/${input.tenantId}/`)
    .setAudience(GRAPH_AUDIENCE)
    .setSubject(input.userId ?? input.appId)
    .setIssuedAt(input.issuedAt)
    .setNotBefore(input.issuedAt)
    .setExpirationTime(input.issuedAt + input.lifetimeSeconds)
    .sign(keys.privateKey);
}

export type TokenCheck = { ok: true; caller: Caller } | { ok: false; reason: 'empty' | 'expired' | 'invalid' };

/** Verifies a Graph bearer token against the simulated clock. */
export async function verifyAccessToken(
  keys: SigningKeys,
  authorization: string | undefined,
  nowMs: number,
): Promise<TokenCheck> {
  const token = authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
  if (!token) return { ok: false, reason: 'empty' };
  try {
    const { payload } = await jwtVerify(token, keys.publicKey, {
      audience: GRAPH_AUDIENCE,
      currentDate: new Date(nowMs),
      clockTolerance: 0,
    });
    const scopes = typeof payload.scp === 'string' ? payload.scp.split(' ').filter(Boolean) : [];
    return {
      ok: true,
      caller: {
        tenantId: String(payload.tid),
        appId: String(payload.appid),
        roles: Array.isArray(payload.roles) ? payload.roles.map(String) : [],
        scopes,
        ...(payload.oid ? { userId: String(payload.oid) } : {}),
      },
    };
  } catch (err) {
    return { ok: false, reason: (err as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'expired' : 'invalid' };
  }
}
