// GET /sign-in → Microsoft → GET /auth/callback → a new session; POST /sign-out ends it. The round trip is bound to
// the browser that started it: a random cookie (Path=/auth) whose hash the signed state carries, and from which the
// PKCE verifier and nonce are derived with the server's key, so nothing secret is stored or sent to Microsoft. A state
// is single use. Every sign-in gets a new session id, and a session cookie that came in is ended, never adopted.
import { randomBytes } from 'node:crypto';
import formBody from '@fastify/formbody';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { auditSignIn } from '../../catalog/people/audit.js';
import { PEOPLE_CALLBACK_PATH, PersonSignInError } from '../../entra/people-sign-in.js';
import { publicAccess } from '../http/auth.js';
import { bindingHash, signInSecrets } from '../onboarding/browser-binding.js';
import { installPageHeaders, refuse, sendPage, type Refusal } from '../pages/page.js';
import { admit, refusalPage } from './admission.js';
import type { PeopleDeps } from './deps.js';
import { renderSignedOut } from './pages.js';
import { readCookie, SIGN_IN_PATH } from './session-auth.js';

export const SIGN_OUT_PATH = '/sign-out';
const BINDING_COOKIE = 'lantern_sign_in_browser';
const STATE_SUBJECT = 'people-sign-in';
const STATE_STEP = 'person_sign_in';

const ReturnToQuery = Type.Object({ returnTo: Type.Optional(Type.String({ maxLength: 2048 })) });
const CallbackQuery = Type.Object(
  {
    code: Type.Optional(Type.String({ maxLength: 8192 })),
    state: Type.Optional(Type.String({ maxLength: 4096 })),
    error: Type.Optional(Type.String({ maxLength: 200 })),
    error_description: Type.Optional(Type.String({ maxLength: 4096 })),
  },
  { additionalProperties: true },
);
const SignOutForm = Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })) });

const hasControl = (value: string) => [...value].some((char) => char.charCodeAt(0) < 0x20 || char === '\u007f');

/** Only a same-origin relative path may be returned to; anything else (//host, https://..., \\host) becomes '/'. */
export function safeReturnTo(value: string | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.includes('\\') || hasControl(value))
    return '/';
  try {
    const url = new URL(value, 'http://lantern.invalid');
    return url.origin === 'http://lantern.invalid' ? `${url.pathname}${url.search}${url.hash}` : '/';
  } catch {
    return '/';
  }
}

export const signInRoutes: FastifyPluginAsyncTypebox<{ deps: PeopleDeps }> = async (app, { deps }) => {
  await app.register(formBody);
  // /sign-in redirects to Microsoft; browsers apply form-action to redirects of forms only, and this is a link.
  installPageHeaders(app);
  const secure = deps.publicUrl.startsWith('https:');
  const bindingCookie = (value: string, maxAge: number) =>
    `${BINDING_COOKIE}=${value}; Path=/auth; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;
  const usedStates = createUsedStates();

  app.get(
    SIGN_IN_PATH,
    { config: publicAccess, schema: { hide: true, querystring: ReturnToQuery } },
    async (request, reply) => {
      if (!deps.oauth || !deps.links) return refuse(reply, unavailable);
      const binding = randomBytes(32).toString('base64url');
      const stateId = randomBytes(16).toString('base64url');
      const state = deps.links.sign({
        id: stateId,
        subject: STATE_SUBJECT,
        actor: safeReturnTo(request.query.returnTo),
        purpose: 'oauth-state',
        step: STATE_STEP,
        browser: bindingHash(binding),
        expiresAtMs: Date.now() + deps.signInTtlSeconds * 1000,
      });
      reply.header('set-cookie', bindingCookie(binding, deps.signInTtlSeconds));
      const url = await deps.oauth.signInUrl({ state, secrets: signInSecrets(deps.links, binding, stateId) });
      return reply.redirect(url, 303);
    },
  );

  app.get(
    PEOPLE_CALLBACK_PATH,
    { config: publicAccess, schema: { hide: true, querystring: CallbackQuery } },
    async (request, reply) => {
      const outcome = await completeSignIn(request, request.query, reply);
      return 'redirect' in outcome ? reply.redirect(outcome.redirect, 303) : refuse(reply, outcome);
    },
  );

  app.post(
    SIGN_OUT_PATH,
    { config: publicAccess, schema: { hide: true, body: SignOutForm } },
    async (request, reply) => {
      // The auth hook has checked the CSRF token when a session came with the form; without one there is nothing to end.
      const ended = await deps.sessions.end(request);
      if (ended) {
        await auditSignIn(deps.db, {
          action: 'auth.sign_out',
          objectId: ended.objectId,
          tenantId: ended.tenantId,
          requestId: request.id,
        });
      }
      reply.header('set-cookie', deps.sessions.clearCookie());
      return sendPage(reply, 200, renderSignedOut(deps.oauth?.signOutUrl(`${deps.publicUrl}/`) ?? null));
    },
  );

  async function completeSignIn(
    request: FastifyRequest,
    query: typeof CallbackQuery.static,
    reply: FastifyReply,
  ): Promise<{ redirect: string } | Refusal> {
    if (!deps.oauth || !deps.links) return unavailable;
    const check = deps.links.verify(query.state ?? '', { purpose: 'oauth-state', subject: STATE_SUBJECT });
    if (!check.ok || check.claims.step !== STATE_STEP) {
      return check.ok || check.reason !== 'expired' ? foreignState : expiredState;
    }
    const binding = readCookie(request, BINDING_COOKIE);
    if (!binding || bindingHash(binding) !== check.claims.browser) return otherBrowser;
    if (!usedStates.claim(check.claims.id, check.claims.expiresAtMs)) return replayedState;
    reply.header('set-cookie', bindingCookie('', 0));
    if (query.error) return microsoftError(query.error, query.error_description);
    if (!query.code)
      return {
        status: 400,
        title: 'Sign-in incomplete',
        message: 'Microsoft returned no authorization code.',
        next: again,
      };
    let person;
    try {
      person = await deps.oauth.completeSignIn({
        code: query.code,
        secrets: signInSecrets(deps.links, binding, check.claims.id),
      });
    } catch (error) {
      if (!(error instanceof PersonSignInError)) throw error;
      return { status: 400, title: 'Sign-in could not be verified', message: error.message, next: again };
    }
    const admission = await admit(deps.db, deps.auth, person);
    const audit = { objectId: person.objectId, tenantId: person.tenantId, requestId: request.id };
    if (!admission.allowed) {
      await auditSignIn(deps.db, { ...audit, action: 'auth.sign_in_refused', reason: admission.reason });
      request.log.info({ tenantId: person.tenantId, reason: admission.reason }, 'sign-in refused');
      return refusalPage(admission.reason, person.tenantId);
    }
    // No fixation: whatever session cookie came in (planted or stale) is ended; the person gets a brand-new id.
    await deps.sessions.end(request);
    const { setCookie } = await deps.sessions.start({ ...person, appRoles: admission.appRoles });
    reply.header('set-cookie', setCookie);
    await auditSignIn(deps.db, { ...audit, action: 'auth.sign_in' });
    return { redirect: check.claims.actor };
  }
};

/** State ids seen by this API process, until they expire: a replayed callback is refused even in the same browser. */
function createUsedStates() {
  const used = new Map<string, number>();
  return {
    claim(id: string, expiresAtMs: number): boolean {
      const now = Date.now();
      if (used.size > 10_000) for (const [key, until] of used) if (until <= now) used.delete(key);
      if (used.has(id)) return false;
      used.set(id, expiresAtMs);
      return true;
    },
  };
}

const again = { href: SIGN_IN_PATH, label: 'Sign in again' };
const unavailable: Refusal = {
  status: 503,
  title: 'Sign-in is not available',
  message:
    'This Lantern has no Entra app registration configured, so nobody can sign in with Microsoft. Ask a Lantern administrator.',
};
const foreignState: Refusal = {
  status: 400,
  title: 'This sign-in cannot be completed',
  message: 'The answer from Microsoft does not belong to a sign-in Lantern started. Start again.',
  next: again,
};
const expiredState: Refusal = {
  status: 400,
  title: 'This sign-in cannot be completed',
  message: 'The sign-in took too long. Start again.',
  next: again,
};
const otherBrowser: Refusal = {
  status: 400,
  title: 'Finish in the same browser',
  message: 'This sign-in was started in another browser (or its cookie was removed). Start again here.',
  next: again,
};
const replayedState: Refusal = {
  status: 400,
  title: 'This sign-in was already used',
  message: 'Each sign-in answer from Microsoft works once. Start again to sign in.',
  next: again,
};

function microsoftError(error: string, description: string | undefined): Refusal {
  const aadsts = /AADSTS\d+/.exec(description ?? '')?.[0];
  if (error === 'access_denied')
    return { status: 400, title: 'Sign-in was cancelled', message: 'Nothing was signed in.', next: again };
  return {
    status: 400,
    title: 'Microsoft reported a problem',
    message: `Microsoft answered "${error}"${aadsts ? ` (${aadsts})` : ''}. Start the sign-in again.`,
    next: again,
  };
}
