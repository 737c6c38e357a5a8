// buildApp(deps): the Lantern API as a ready Fastify instance (no port opened; see server.ts), testable with inject().
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import pino from 'pino';
import { installAuth } from './auth.js';
import type { AppDeps } from './deps.js';
import { installErrorHandling } from './errors.js';
import { installInputRules } from './input-rules.js';
import { apiLoggerOptions } from './logger.js';
import { createApiMetrics, installHttpMetrics } from './metrics.js';
import { installOpenApi } from './openapi.js';
import { catalogRoutes } from './routes/catalog.js';
import { connectorRoutes } from './routes/connectors.js';
import { codecRoutes } from './codec.js';
import { createCodecSessions } from './codec-session.js';
import { onboardingAdminRoutes } from './routes/onboarding-admin.js';
import { onboardingPageRoutes } from './routes/onboarding-pages.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { systemRoutes } from './routes/system.js';
import { accessRoutes } from './routes/access.js';
import { auditRoutes } from './routes/audit.js';
import { policyRoutes } from './routes/policies.js';
import { accessApprovalRoutes } from './routes/access-approval.js';
import { createApprovalLinks } from '../activities/access/notify-links.js';

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
  app.addHook('onRequest', async (request, reply) => { reply.header('x-request-id', request.id); });

  installErrorHandling(app);
  installInputRules(app);
  installAuth(app, { adminTokens: config.api.adminTokens, identityTokens: { approver: config.api.approverTokens, requester: config.api.requesterTokens } });
  const metrics = createApiMetrics({ registry: deps.metrics, temporalMetricsUrl: config.api.temporalMetricsUrl });
  installHttpMetrics(app, metrics.registry);
  await installOpenApi(app, config.api.publicUrl);

  await app.register(healthRoutes, { deps });
  await app.register(metricsRoutes, { metrics });
  await app.register(connectorRoutes, { deps });
  await app.register(catalogRoutes, { deps });
  await app.register(systemRoutes, { deps });
  await app.register(accessRoutes, { deps });
  await app.register(policyRoutes, { deps });
  await app.register(auditRoutes, { deps });
  await app.register(onboardingAdminRoutes, { deps, onboarding: deps.onboarding });
  if (deps.onboarding) {
    // Public by decision: owners arrive from email links (signed) and Microsoft's redirects. The codec needs an admin token or
    // a codec session from its sign-in page (codec-session.ts).
    await app.register(onboardingPageRoutes, { deps: deps.onboarding, db: deps.catalog.db });
    await app.register(codecRoutes, { codec: deps.onboarding.codec, origins: deps.onboarding.codecCorsOrigins,
      sessions: createCodecSessions({ links: deps.onboarding.links, adminTokens: config.api.adminTokens, publicUrl: deps.onboarding.publicUrl }) });
    // Public by decision too: approvers arrive from signed, scoped, expiring email links (the link signer is onboarding's).
    await app.register(accessApprovalRoutes, { deps: { db: deps.catalog.db, links: createApprovalLinks(deps.onboarding.links), access: () => deps.temporal?.access ?? null } });
  }

  await app.ready();
  return app;
}
