// The identity platform's HTTP surface (login.microsoftonline.com stand-in), path-routed under /{tenant}/...
// Registered in its own encapsulated scope so its form parser and error handling do not leak into Graph.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SimulatorContext } from '../context.js';
import { resolveTenantSegment, segmentName } from './authority.js';
import { startAdminConsent } from './admin-consent.js';
import { startAuthorize } from './authorize.js';
import { instanceDiscovery, jsonWebKeySet, openIdConfiguration } from './discovery.js';
import { IdentityError, identityErrors } from './errors.js';
import {
  clearSessionCookie,
  cookie,
  formOf,
  queryOf,
  SESSION_COOKIE,
  sendHtml,
  sendIdentityError,
  setSessionCookie,
} from './http.js';
import { submitConsent, submitSignIn } from './interactive.js';
import { ErrorPage, type InteractiveResult } from './outcome.js';
import { errorPage, formPostPage } from './pages.js';
import { signOut } from './sign-out.js';
import { IdentityState, revokedSince } from './state.js';
import { handleTokenRequest } from './token-endpoint.js';

type TenantParams = { Params: { tenant: string } };

export function registerIdentityRoutes(app: FastifyInstance, ctx: SimulatorContext): void {
  const state = new IdentityState();
  void app.register(async (scope) => {
    if (!scope.hasContentTypeParser('application/x-www-form-urlencoded')) {
      scope.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string', bodyLimit: 1024 * 1024 },
        (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
      );
    }
    scope.setErrorHandler((err, request, reply) => {
      if (err instanceof ErrorPage)
        return sendHtml(reply, errorPage(`AADSTS${err.error.aadsts}`, err.error.description), err.error.status);
      if (err instanceof IdentityError) return sendIdentityError(request, reply, err, ctx.store.clock.now());
      request.log.error({ err }, 'identity platform handler failed');
      return reply.code(500).send({
        error: 'server_error',
        error_description: 'AADSTS50000: There was an error issuing a token or an issue with our sign-in service.',
      });
    });

    // A session started before the user's sessions were revoked (revokeSignInSessions) is gone, as in Entra.
    const sessionOf = (request: FastifyRequest) => {
      const id = cookie(request, SESSION_COOKIE);
      const session = id ? state.sessions.get(id) : undefined;
      if (session && revokedSince(ctx.store.tenant(session.tenantId), session.userId, session.startedAtMs)) {
        state.sessions.delete(id!);
        return undefined;
      }
      return session;
    };
    const send = (reply: FastifyReply, result: InteractiveResult): FastifyReply => {
      if (result.session) setSessionCookie(reply, result.session);
      if (result.endSession) clearSessionCookie(reply);
      const { outcome } = result;
      if (outcome.type === 'redirect')
        return reply.code(302).header('cache-control', 'no-store, no-cache').redirect(outcome.location);
      if (outcome.type === 'formPost') return sendHtml(reply, formPostPage(outcome.redirectUri, outcome.params));
      return sendHtml(reply, outcome.html, outcome.status);
    };

    // ---- discovery ------------------------------------------------------------------------------------------------
    const discovery = async (request: FastifyRequest<TenantParams>) => {
      try {
        return openIdConfiguration(ctx, segmentName(resolveTenantSegment(ctx, request.params.tenant)));
      } catch (err) {
        if (err instanceof IdentityError && err.aadsts === 90002)
          throw identityErrors.discoveryTenantNotFound(request.params.tenant);
        throw err;
      }
    };
    scope.get<TenantParams>('/:tenant/v2.0/.well-known/openid-configuration', discovery);
    scope.get<TenantParams>('/:tenant/.well-known/openid-configuration', discovery);
    scope.get<TenantParams>('/:tenant/discovery/v2.0/keys', async (request) =>
      jsonWebKeySet(ctx, segmentName(resolveTenantSegment(ctx, request.params.tenant))),
    );
    scope.get('/common/discovery/instance', async (request, reply) => {
      const endpoint = queryOf(request).authorization_endpoint;
      if (endpoint && safeHost(endpoint) !== new URL(ctx.authorityHost).host) {
        return reply.code(400).send({
          error: 'invalid_instance',
          error_description: 'AADSTS50049: Unknown or invalid instance.',
          error_codes: [50049],
        });
      }
      return instanceDiscovery(ctx);
    });

    // ---- token endpoint -------------------------------------------------------------------------------------------
    scope.post<TenantParams>('/:tenant/oauth2/v2.0/token', async (request, reply) => {
      const body = await handleTokenRequest(ctx, state, {
        segment: request.params.tenant,
        form: formOf(request),
        authorization: request.headers.authorization,
      });
      return reply.header('cache-control', 'no-store, no-cache').header('pragma', 'no-cache').send(body);
    });

    // ---- interactive flows ----------------------------------------------------------------------------------------
    scope.get<TenantParams>('/:tenant/oauth2/v2.0/authorize', async (request, reply) =>
      send(reply, startAuthorize(ctx, state, request.params.tenant, queryOf(request), sessionOf(request))),
    );
    scope.get<TenantParams>('/:tenant/v2.0/adminconsent', async (request, reply) =>
      send(reply, startAdminConsent(ctx, state, 'v2', request.params.tenant, queryOf(request), sessionOf(request))),
    );
    scope.get<TenantParams>('/:tenant/adminconsent', async (request, reply) =>
      send(reply, startAdminConsent(ctx, state, 'v1', request.params.tenant, queryOf(request), sessionOf(request))),
    );
    scope.post<TenantParams>('/:tenant/login', async (request, reply) =>
      send(reply, submitSignIn(ctx, state, formOf(request), sessionOf(request))),
    );
    scope.get<TenantParams>('/:tenant/oauth2/v2.0/logout', async (request, reply) =>
      send(reply, signOut(ctx, state, request.params.tenant, queryOf(request), cookie(request, SESSION_COOKIE))),
    );
    scope.post<TenantParams>('/:tenant/consent', async (request, reply) =>
      send(reply, submitConsent(ctx, state, formOf(request), sessionOf(request))),
    );
  });
}

function safeHost(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}
