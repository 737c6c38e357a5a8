// buildApp(deps): the Lantern API as a ready Fastify instance (no port opened; see server.ts), testable with inject().
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import pino from 'pino';
import { createApprovalLinks } from '../lib/links/access.js';
import { createReviewLinks } from '../lib/links/review.js';
import { auditRoutes } from './access/audit.js';
import { accessEmailLinkRoutes } from './access/email-links.js';
import { policyRoutes } from './access/policies.js';
import { protectedAccountRoutes } from './access/protected-accounts.js';
import { policyPageRoutes } from './access/policy-pages.js';
import { accessRoutes } from './access/requests.js';
import { catalogRoutes } from './catalog/routes.js';
import { connectorPageRoutes } from './connectors/pages.js';
import { shadowAppPageRoutes } from './shadow-apps/pages.js';
import { reviewRoutes } from './reviews/routes.js';
import { reviewLinkRoutes } from './reviews/link-routes.js';
import { reviewPageRoutes } from './reviews/pages.js';
import { shadowAppRoutes } from './shadow-apps/routes.js';
import { connectorRoutes } from './connectors/routes.js';
import type { AppDeps } from './deps.js';
import { installAuth } from './http/auth.js';
import { installErrorHandling } from './http/errors.js';
import { installInputRules } from './http/input-rules.js';
import { apiLoggerOptions } from './http/logger.js';
import { installOpenApi } from './http/openapi.js';
import { onboardingAdminPageRoutes } from './onboarding/admin-pages.js';
import { onboardingAdminRoutes } from './onboarding/admin-routes.js';
import { onboardingPageRoutes } from './onboarding/owner-routes.js';
import { assetRoutes } from './pages/assets.js';
import { refusePage } from './people/pages.js';
import { peopleDepsFromConfig, peopleRoutes } from './people/routes.js';
import { apiTokenPageRoutes } from './system/api-token-pages.js';
import { apiTokenRoutes } from './system/api-tokens.js';
import { auditPageRoutes } from './system/audit-pages.js';
import { codecRoutes } from './system/codec.js';
import { createCodecSessions } from './system/codec-session.js';
import { healthRoutes } from './system/health.js';
import { createApiMetrics, installHttpMetrics, metricsRoutes } from './system/metrics.js';
import { systemRoutes } from './system/self-check.js';

/** Incoming ids are echoed only if they are short and plain, so logs can't be polluted through the header. */
const SAFE_REQUEST_ID = /^[\w.:-]{1,128}$/;

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    loggerInstance: (deps.logger ?? pino(apiLoggerOptions(config.logLevel))) as FastifyBaseLogger,
    requestIdHeader: false,
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    bodyLimit: 1024 * 1024,
    // Access request ids are workflow ids (grant:{connector}:{entitlement}:{principal}), longer than Fastify's 100 default.
    routerOptions: { maxParamLength: 400 },
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  installErrorHandling(app);
  installInputRules(app);
  const people = deps.people ?? peopleDepsFromConfig(config, deps.catalog.db, deps.onboarding?.links ?? null);
  installAuth(app, {
    adminTokens: config.api.adminTokens,
    identityTokens: { approver: config.api.approverTokens, requester: config.api.requesterTokens },
    db: deps.catalog.db,
    sessions: people.sessions,
    pageRefusal: refusePage,
  });
  const metrics = createApiMetrics({ registry: deps.metrics, temporalMetricsUrl: config.api.temporalMetricsUrl });
  installHttpMetrics(app, metrics.registry);
  await installOpenApi(app, config.api.publicUrl);

  await app.register(healthRoutes, { deps });
  await app.register(assetRoutes);
  await app.register(metricsRoutes, { metrics });
  await app.register(connectorRoutes, { deps });
  await app.register(catalogRoutes, { deps });
  await app.register(systemRoutes, { deps });
  await app.register(accessRoutes, { deps });
  await app.register(policyRoutes, { deps });
  await app.register(protectedAccountRoutes, { deps });
  await app.register(auditRoutes, { deps });
  await app.register(apiTokenRoutes, { deps });
  // Policies, Audit and API tokens pages (admins; readers look).
  await app.register(policyPageRoutes, { db: deps.catalog.db });
  await app.register(auditPageRoutes, { db: deps.catalog.db });
  await app.register(apiTokenPageRoutes, { db: deps.catalog.db });
  await app.register(onboardingAdminRoutes, { deps, onboarding: deps.onboarding });
  // Admin pages of connectors and onboardings (HTML forms over the same service functions as the two APIs above).
  await app.register(connectorPageRoutes, { deps });
  await app.register(onboardingAdminPageRoutes, { deps, onboarding: deps.onboarding });
  // Shadow apps: triage and revocation of consents (JSON API and admin pages over one service).
  await app.register(shadowAppRoutes, { deps });
  await app.register(shadowAppPageRoutes, { deps });
  // Access reviews: campaigns, series, reviewers' decisions and the evidence report (JSON API).
  await app.register(reviewRoutes, { deps });
  // Access review pages: admins' campaigns (readers look) and each reviewer's inbox, over the same ReviewService.
  await app.register(reviewPageRoutes, { deps });
  // Public by decision: a reviewer's signed email link only leads to their inbox (sign-in first). Same signer as sign-in.
  const reviewLinkSigner = deps.onboarding?.links ?? people.links;
  const reviewLinks = deps.reviewLinks ?? (reviewLinkSigner ? createReviewLinks(reviewLinkSigner) : null);
  await app.register(reviewLinkRoutes, { links: reviewLinks });
  // Public by decision: /, /sign-in, /auth/callback and /sign-out (the person has no credential yet, or is ending it).
  await app.register(peopleRoutes, { deps: people });
  if (deps.onboarding) {
    // Public by decision: owners arrive from email links (signed) and Microsoft's redirects. The codec needs an admin token or
    // a codec session from its sign-in page (system/codec-session.ts).
    await app.register(onboardingPageRoutes, { deps: deps.onboarding, db: deps.catalog.db });
    await app.register(codecRoutes, {
      codec: deps.onboarding.codec,
      origins: deps.onboarding.codecCorsOrigins,
      sessions: createCodecSessions({
        links: deps.onboarding.links,
        adminTokens: config.api.adminTokens,
        publicUrl: deps.onboarding.publicUrl,
      }),
    });
    // Public by decision too: approvers arrive from signed, scoped, expiring email links (the link signer is onboarding's).
    await app.register(accessEmailLinkRoutes, {
      deps: {
        db: deps.catalog.db,
        links: createApprovalLinks(deps.onboarding.links),
        access: () => deps.temporal?.access ?? null,
      },
    });
  }

  await app.ready();
  return app;
}
