// GET/POST /codec/sign-in and POST /codec/sign-out: where an operator turns an admin token into a codec session
// cookie for the Temporal UI (codec-session.ts). Public by decision: the pasted admin token is the credential.
// Both forms carry a CSRF value bound to a SameSite=Strict cookie of this browser, so another site can neither sign a
// browser in (with the attacker's session) nor out. The token is read from the form body, which is never logged.
import formBody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { publicAccess } from '../http/auth.js';
import { CODEC_SIGN_IN_PATH, CODEC_SIGN_OUT_PATH, type CodecSessions } from './codec-session.js';
import { installPageHeaders, sendPage } from '../pages/page.js';
import { renderCodecSignIn } from './codec-sign-in-page.js';

type Form = Record<string, unknown> | undefined;

const STALE_FORM =
  'This form has expired or was not opened from Lantern. Nothing was changed: use the form below again.';

export async function codecSignInRoutes(
  app: FastifyInstance,
  { sessions, codecConfigured }: { sessions: CodecSessions; codecConfigured: boolean },
): Promise<void> {
  await app.register(formBody);
  installPageHeaders(app);

  const show = (request: FastifyRequest, reply: FastifyReply, status: number, problem?: string) => {
    const current = sessions.current(request);
    return sendPage(
      reply,
      status,
      renderCodecSignIn({
        action: CODEC_SIGN_IN_PATH,
        signOutAction: CODEC_SIGN_OUT_PATH,
        csrf: sessions.formToken(request, reply),
        endpoint: sessions.endpoint,
        codecConfigured,
        problem,
        session: current && { who: current.principal.id, expiresAtMs: current.expiresAtMs },
      }),
    );
  };

  app.get(CODEC_SIGN_IN_PATH, { config: publicAccess, schema: { hide: true } }, async (request, reply) =>
    show(request, reply, 200),
  );

  app.post(CODEC_SIGN_IN_PATH, { config: publicAccess, schema: { hide: true } }, async (request, reply) => {
    const form = request.body as Form;
    if (!sessions.formTokenValid(request, form?.csrf)) return show(request, reply, 403, STALE_FORM);
    const token = typeof form?.token === 'string' ? form.token.trim() : '';
    if (!token) return show(request, reply, 400, 'Paste an admin token into the "Admin token" field.');
    const admin = sessions.adminFor(token);
    if (!admin) {
      return show(
        request,
        reply,
        401,
        'That is not an admin token of this Lantern (LANTERN_ADMIN_TOKENS; with npm start, .lantern/admin-token). Nothing was signed in.',
      );
    }
    const { cookie } = sessions.start(admin);
    request.log.info({ admin: admin.id }, 'codec session started');
    // Post/redirect/get: reloading the page that says "signed in" does not post the token again.
    return reply.header('set-cookie', cookie).redirect(CODEC_SIGN_IN_PATH, 303);
  });

  app.post(CODEC_SIGN_OUT_PATH, { config: publicAccess, schema: { hide: true } }, async (request, reply) => {
    if (!sessions.formTokenValid(request, (request.body as Form)?.csrf)) return show(request, reply, 403, STALE_FORM);
    return reply.header('set-cookie', sessions.clearCookie()).redirect(CODEC_SIGN_IN_PATH, 303);
  });
}
