// Codec sessions: how the Temporal Web UI authenticates to /codec/encode and /codec/decode. The UI cannot send a
// Lantern bearer token (its only header credential is its own OIDC access token), but with "Include cross-origin
// credentials" it sends cookies. An operator signs in once at /codec/sign-in with an admin token; the cookie then
// holds NOT the token but a signed, expiring session (HMAC with a key derived from the link signing key, so no
// other signed value passes for it). The session names the admin token it came from only through a keyed hash:
// removing that token from LANTERN_ADMIN_TOKENS ends its sessions too. The cookie is scoped to Path=/codec and is
// accepted only by the routes whose access rule names this check (encode and decode), nowhere else.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createLinkSigner, type LinkSigner } from '../../lib/links/signer.js';
import type { Principal, SessionCheck } from '../http/auth.js';
import { apiErrors } from '../http/errors.js';

export const CODEC_SIGN_IN_PATH = '/codec/sign-in';
export const CODEC_SIGN_OUT_PATH = '/codec/sign-out';
const SESSION_COOKIE = 'lantern_codec_session';
/** A random per-browser value; the sign-in and sign-out forms carry a keyed hash of it (signed double-submit). */
const FORM_COOKIE = 'lantern_codec_form';
const COOKIE_PATH = '/codec';
export const CODEC_SESSION_TTL_SECONDS = 8 * 60 * 60;
const FORM_COOKIE_TTL_SECONDS = 60 * 60;

export interface CodecSessionOptions {
  links: LinkSigner;
  adminTokens: readonly string[];
  publicUrl: string;
  ttlSeconds?: number;
}

export interface CodecSessions {
  /** For requireRole('admin') routes that also take the session cookie (see auth.ts SessionCheck). */
  check: SessionCheck;
  /** The admin principal for a pasted token, or null: compared in constant time against every configured token. */
  adminFor(token: string): Principal | null;
  /** The Set-Cookie value starting a session for this admin, and when it ends. */
  start(admin: Principal, nowMs?: number): { cookie: string; expiresAtMs: number };
  /** The session of this request, if its cookie is valid (for the sign-in page to say who is signed in). */
  current(request: FastifyRequest, nowMs?: number): { principal: Principal; expiresAtMs: number } | null;
  clearCookie(): string;
  /** The CSRF value the forms carry, bound to this browser's form cookie (created on first use). */
  formToken(request: FastifyRequest, reply: FastifyReply): string;
  formTokenValid(request: FastifyRequest, presented: unknown): boolean;
  signInUrl: string;
  /** What the Temporal UI's codec endpoint setting should hold. */
  endpoint: string;
}

const tokenDigest = (token: string) => createHash('sha256').update(token).digest();

export function createCodecSessions({
  links,
  adminTokens,
  publicUrl,
  ttlSeconds = CODEC_SESSION_TTL_SECONDS,
}: CodecSessionOptions): CodecSessions {
  const signer = createLinkSigner(Buffer.from(links.derive('codec-session-key'), 'base64url'));
  const admins = adminTokens.map((token, index) => ({
    digest: tokenDigest(token),
    // Keyed, so the cookie (readable by whoever holds it) says nothing usable about the token itself.
    binding: links.derive('codec-session-admin', tokenDigest(token).toString('hex')),
    principal: { id: `admin-token#${index + 1}`, kind: 'bootstrap-token', roles: ['admin'] } satisfies Principal,
  }));
  // An https Lantern is usually on another site than the Temporal UI: the cookie must then travel cross-site, which
  // browsers allow only for SameSite=None; Secure. On http (the dev stack: UI 127.0.0.1:8233, API 127.0.0.1:8080,
  // same site since ports don't count) Lax is enough and Secure is impossible.
  const secure = publicUrl.startsWith('https:');
  const attributes = (maxAge: number, sameSite: string) =>
    `Path=${COOKIE_PATH}; HttpOnly; SameSite=${sameSite}; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;
  const sessionAttributes = (maxAge: number) => attributes(maxAge, secure ? 'None' : 'Lax');

  const readCookie = (request: FastifyRequest, name: string): string | undefined => {
    for (const part of (request.headers.cookie ?? '').split(';')) {
      const [key, ...value] = part.trim().split('=');
      if (key === name && value.length) return value.join('=');
    }
    return undefined;
  };

  const verify = (value: string, nowMs: number) => {
    const check = signer.verify(value, { purpose: 'codec-session' }, nowMs);
    if (!check.ok) return { ok: false as const, reason: check.reason };
    const admin = admins.find((candidate) => candidate.binding === check.claims.scope);
    if (!admin) return { ok: false as const, reason: 'token_revoked' as const };
    return { ok: true as const, principal: admin.principal, expiresAtMs: check.claims.expiresAtMs };
  };

  const signInUrl = `${publicUrl}${CODEC_SIGN_IN_PATH}`;
  return {
    signInUrl,
    endpoint: `${publicUrl}${COOKIE_PATH}`,
    check(request) {
      const value = readCookie(request, SESSION_COOKIE);
      if (value === undefined) return null;
      const result = verify(value, Date.now());
      // Logged and audited as the admin token it came from, marked as a session.
      if (result.ok) return { ...result.principal, id: `${result.principal.id} (codec session)` };
      throw apiErrors.unauthenticated(
        result.reason === 'expired'
          ? `The codec session has expired; sign in again at ${signInUrl}`
          : `The codec session cookie is not valid (${result.reason === 'token_revoked' ? 'its admin token was removed' : 'not issued by this Lantern'}); sign in again at ${signInUrl}`,
      );
    },
    adminFor(token) {
      const presented = tokenDigest(token);
      let found: Principal | null = null;
      for (const admin of admins) if (timingSafeEqual(admin.digest, presented)) found = admin.principal;
      return found;
    },
    start(admin, nowMs = Date.now()) {
      const binding = admins.find((candidate) => candidate.principal.id === admin.id)?.binding;
      if (!binding) throw new Error(`no admin token ${admin.id}`);
      const expiresAtMs = nowMs + ttlSeconds * 1000;
      const value = signer.sign({
        subject: 'codec',
        actor: admin.id,
        purpose: 'codec-session',
        expiresAtMs,
        scope: binding,
      });
      return { cookie: `${SESSION_COOKIE}=${value}; ${sessionAttributes(ttlSeconds)}`, expiresAtMs };
    },
    current(request, nowMs = Date.now()) {
      const value = readCookie(request, SESSION_COOKIE);
      const result = value === undefined ? null : verify(value, nowMs);
      return result?.ok ? { principal: result.principal, expiresAtMs: result.expiresAtMs } : null;
    },
    clearCookie: () => `${SESSION_COOKIE}=; ${sessionAttributes(0)}`,
    formToken(request, reply) {
      let binding = readCookie(request, FORM_COOKIE);
      if (!binding || !/^[\w-]{43}$/.test(binding)) {
        binding = randomBytes(32).toString('base64url');
        // Strict: a form posted from another site arrives without it, so its CSRF value cannot match.
        reply.header('set-cookie', `${FORM_COOKIE}=${binding}; ${attributes(FORM_COOKIE_TTL_SECONDS, 'Strict')}`);
      }
      return links.derive('codec-form', binding);
    },
    formTokenValid(request, presented) {
      const binding = readCookie(request, FORM_COOKIE);
      if (!binding || typeof presented !== 'string') return false;
      const wanted = Buffer.from(links.derive('codec-form', binding));
      const given = Buffer.from(presented);
      return given.length === wanted.length && timingSafeEqual(given, wanted);
    },
  };
}
