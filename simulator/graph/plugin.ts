// The Graph v1.0 stand-in: one Fastify catch-all under /v1.0 that authenticates the bearer token, selects the
// caller's tenant, runs the pipeline hooks (simulator/graph/pipeline.ts: PIM expiry, throttling, faults), checks the
// route's permissions and dispatches to the handler registered with graphRoute(). Every non-2xx leaves as Graph's
// error envelope with request-id / client-request-id / x-ms-ags-diagnostic headers.
// Writes, PIM and $batch register their routes through graphRoute() too (graph/writes/index.ts).
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SimulatorContext } from '../context.js';
import { verifyAccessToken, type Caller } from '../identity/signing.js';
import { MICROSOFT_GRAPH_APP_ID } from '../model/well-known.js';
import { GraphError, graphErrorBody, graphErrors } from './errors.js';
import { hasPermission } from './permissions.js';
import { registerReads } from './reads/index.js';
import { registerDelta } from './delta/routes.js';
import { graphHooks, runGraphHooks, type GraphHook } from './pipeline.js';
import { registerGraphWrites } from './writes/index.js';
import {
  normalizeSegments,
  routerFor,
  type GraphRequest,
  type GraphRequestInfo,
  type GraphResponse,
  type HttpMethod,
  type PermissionRequirement,
} from './route.js';

export { graphRoute } from './route.js';

export const ODATA_JSON =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
const AGS_DIAGNOSTIC = JSON.stringify({
  ServerInfo: {
    DataCenter: 'Local Simulator',
    Slice: 'E',
    Ring: '0',
    ScaleUnit: '000',
    RoleInstance: 'SIM0000000001',
    ADSiteName: 'LOC',
  },
});

const requestInfo = new WeakMap<FastifyRequest, GraphRequestInfo>();

/** The caller, tenant and matched route of a Graph request (for pipeline hooks); undefined before authentication. */
export function graphRequestInfo(request: FastifyRequest): GraphRequestInfo | undefined {
  return requestInfo.get(request);
}

/**
 * Registers Graph v1.0 on `app`. Works both on the root instance (routes at /v1.0/*) and inside a plugin registered
 * with `{ prefix: '/v1.0' }`.
 */
export async function registerGraph(app: FastifyInstance, ctx: SimulatorContext): Promise<void> {
  registerReads(ctx);
  registerDelta(ctx);
  registerGraphWrites(ctx);
  const hooks = graphHooks(ctx);
  const base = app.prefix.toLowerCase().endsWith('/v1.0') ? '' : '/v1.0';
  await app.register(async (scope) => {
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    scope.setErrorHandler((err, request, reply) => sendError(ctx, request, reply, toGraphError(err)));
    scope.all(`${base}/*`, (request, reply) => dispatch(ctx, request, reply, hooks));
    scope.all(base || '/', async (request, reply) =>
      sendError(ctx, request, reply, graphErrors.badRequest('Invalid version.')),
    );
  });
}

async function dispatch(
  ctx: SimulatorContext,
  request: FastifyRequest,
  reply: FastifyReply,
  hooks: GraphHook[],
): Promise<FastifyReply> {
  setStandardHeaders(request, reply);
  const [rawPath, rawQuery = ''] = splitUrl(request.url);
  const segments = normalizeSegments(rawPath.replace(/^\/v1\.0(?=\/|$)/i, ''));

  const check = await verifyAccessToken(ctx.keys, request.headers.authorization, ctx.store.clock.now());
  if (!check.ok) {
    // Graph points clients at the authority that issues its tokens.
    reply.header(
      'WWW-Authenticate',
      `Bearer realm="", authorization_uri="${ctx.authorityHost}/common/oauth2/authorize", client_id="${MICROSOFT_GRAPH_APP_ID}"`,
    );
    throw check.reason === 'empty'
      ? graphErrors.emptyToken()
      : check.reason === 'expired'
        ? graphErrors.expiredToken()
        : graphErrors.invalidToken();
  }
  const caller = check.caller;
  const tenant = ctx.store.tenant(caller.tenantId);
  if (!tenant) throw graphErrors.invalidToken();

  const match = routerFor(ctx).match(request.method, segments);
  if (match.kind === 'unknownSegment') throw graphErrors.unknownSegment(match.segment);
  if (match.kind === 'methodNotAllowed') throw graphErrors.methodNotAllowed();
  requestInfo.set(request, { caller, tenant, route: { method: match.spec.method, url: match.spec.url }, segments });

  if (!(await runGraphHooks(hooks, { request, reply, caller, tenant }))) return reply;
  if (!match.spec.permissions.every((p) => satisfies(caller, p))) throw graphErrors.forbidden();

  const graphRequest: GraphRequest = {
    ctx,
    caller,
    tenant,
    method: match.spec.method as HttpMethod,
    params: match.params,
    query: new URLSearchParams(rawQuery),
    header: (name) => headerValue(request, name),
    body: request.body,
    raw: request,
    reply,
  };
  const result = await match.spec.handler(graphRequest);
  return sendResult(reply, result);
}

function satisfies(caller: Caller, requirement: PermissionRequirement): boolean {
  return typeof requirement === 'string'
    ? hasPermission(caller, requirement)
    : requirement.some((p) => hasPermission(caller, p));
}

function sendResult(reply: FastifyReply, result: GraphResponse | undefined): FastifyReply {
  if (reply.sent) return reply;
  if (!result) return reply.code(204).send();
  for (const [name, value] of Object.entries(result.headers ?? {})) reply.header(name, value);
  reply.code(result.status ?? 200);
  if (result.text !== undefined) return reply.header('content-type', 'text/plain').send(result.text);
  if (result.body === undefined) return reply.send();
  return reply.header('content-type', ODATA_JSON).send(JSON.stringify(result.body));
}

function sendError(ctx: SimulatorContext, request: FastifyRequest, reply: FastifyReply, err: GraphError): FastifyReply {
  if (reply.sent || request.raw.socket?.destroyed) return reply; // raw.destroyed is true once a request body has been read
  setStandardHeaders(request, reply);
  for (const [name, value] of Object.entries(err.headers)) reply.header(name, value);
  const ids = reply.getHeader('request-id') as string;
  const clientIds = reply.getHeader('client-request-id') as string;
  return reply
    .code(err.status)
    .header('content-type', ODATA_JSON)
    .send(JSON.stringify(graphErrorBody(err, ids, clientIds, new Date(ctx.store.clock.now()))));
}

/** Fastify's own errors (unparseable JSON, oversized bodies) become Graph errors; unexpected ones hide their detail. */
function toGraphError(err: unknown): GraphError {
  if (err instanceof GraphError) return err;
  const status = (err as { statusCode?: number }).statusCode;
  if (status === 400 || status === 415) return graphErrors.invalidJson();
  if (status === 413) return graphErrors.badRequest('Request entity too large.');
  return graphErrors.serviceUnavailable(500);
}

function setStandardHeaders(request: FastifyRequest, reply: FastifyReply): void {
  if (reply.getHeader('request-id')) return;
  const requestId = randomUUID();
  reply.header('request-id', requestId);
  reply.header('client-request-id', headerValue(request, 'client-request-id') ?? requestId);
  reply.header('x-ms-ags-diagnostic', AGS_DIAGNOSTIC);
  reply.header('OData-Version', '4.0');
}

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(',') : value;
}

function splitUrl(url: string): [string, string] {
  const at = url.indexOf('?');
  return at < 0 ? [url, ''] : [url.slice(0, at), url.slice(at + 1)];
}
