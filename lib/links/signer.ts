// HMAC-signed, scoped, expiring tokens: emailed setup links and OAuth `state` (setup.ts), the access emails' approval
// and extension links (access.ts) and the codec session cookie. A token names its subject (what it is about), its
// actor (who may use it), its purpose and optionally a narrower scope, so a link for one subject or purpose is useless
// for another. The signature is never logged: the API's request serializer redacts the `token` and `state` query
// parameters, and workflows only see the `id`.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * setup / oauth-state: subject = the connector, actor = the owner. access-approval / access-extension: subject = the
 * grant's workflow id, actor = the approver / requester. codec-session: the Temporal UI's cookie for /codec
 * (api/system/codec-session.ts); actor = the admin token's name, scope binds it to that token. setup-signer: the
 * Global Administrator verified in an onboarding browser (api/onboarding/signer-cookie.ts); subject = the connector,
 * actor = their UPN, id = their object id, scope = their tenant, browser = the binding hash. access-review: a
 * reviewer's link to their items (lib/links/review.ts); subject = the campaign, actor = the reviewer's object id.
 */
export type LinkPurpose =
  'setup' | 'oauth-state' | 'setup-signer' | 'access-approval' | 'access-extension' | 'codec-session' | 'access-review';

export interface LinkClaims {
  /** Random, unique per token: OAuth state ids are single use (the workflow remembers them). */
  id: string;
  /** What the token is about: a connector, a grant. */
  subject: string;
  /** Who may use it: an owner, an approver, a requester, an admin. */
  actor: string;
  purpose: LinkPurpose;
  expiresAtMs: number;
  /** oauth-state only: the step the state is bound to, and a hash of the browser's binding cookie. */
  step?: string;
  browser?: string;
  /** A narrower scope inside subject + actor, e.g. the one extension request an approval link may decide. */
  scope?: string;
}

export type LinkCheck =
  { ok: true; claims: LinkClaims } | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' | 'wrong_scope' };

export interface LinkSigner {
  sign(claims: Omit<LinkClaims, 'id'> & { id?: string }): string;
  verify(token: string, expected: { purpose: LinkPurpose; subject?: string }, nowMs?: number): LinkCheck;
  /** A value only this server can compute from `parts` (e.g. a PKCE verifier from the browser cookie and state id). */
  derive(label: string, ...parts: string[]): string;
}

export function createLinkSigner(key: Buffer): LinkSigner {
  if (key.length < 32) throw new Error('the link signing key must be at least 32 bytes');
  const mac = (payload: string) => createHmac('sha256', key).update(payload).digest();
  return {
    derive: (label, ...parts) =>
      createHmac('sha256', key).update(`derive:${label}`).update('\0').update(parts.join('\0')).digest('base64url'),
    sign(claims) {
      const payload = Buffer.from(
        JSON.stringify({ ...claims, id: claims.id ?? randomBytes(12).toString('base64url') }),
      ).toString('base64url');
      return `${payload}.${mac(payload).toString('base64url')}`;
    },
    verify(token, expected, nowMs = Date.now()) {
      const [payload, signature, extra] = token.split('.');
      if (!payload || !signature || extra !== undefined) return { ok: false, reason: 'malformed' };
      const given = Buffer.from(signature, 'base64url');
      const wanted = mac(payload);
      if (given.length !== wanted.length || !timingSafeEqual(given, wanted))
        return { ok: false, reason: 'bad_signature' };
      let claims: LinkClaims;
      try {
        claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as LinkClaims;
      } catch {
        return { ok: false, reason: 'malformed' };
      }
      if (
        claims.purpose !== expected.purpose ||
        (expected.subject !== undefined && claims.subject !== expected.subject)
      ) {
        return { ok: false, reason: 'wrong_scope' };
      }
      if (!(claims.expiresAtMs > nowMs)) return { ok: false, reason: 'expired' };
      return { ok: true, claims };
    },
  };
}

/** The configured key, or (embedded demo) one generated once and kept, owner-readable only, under the data folder. */
export function loadLinkSigningKey(configured: string | undefined, dataDir: string): Buffer {
  if (configured) return Buffer.from(configured, 'base64');
  const path = join(dataDir, 'keys', 'link-signing.key');
  try {
    return Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  } catch {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const key = randomBytes(32);
    try {
      writeFileSync(path, key.toString('base64'), { mode: 0o600, flag: 'wx' });
      return key;
    } catch {
      return Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
    }
  }
}
