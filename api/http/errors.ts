// Every API error is built here and rendered by the one error handler: 4xx bodies tell the caller what to fix,
// 5xx bodies say only that it failed and which request id to quote (details go to the log).
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isTemporalOutage, TEMPORAL_RETRY_AFTER_SECONDS } from './temporal-outage.js';

export interface ErrorBody {
  /** `details` carries machine-readable specifics for some 4xx (e.g. the missing permissions of a 422). */
  error: { code: string; message: string; requestId: string; details?: Record<string, unknown> };
}

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const apiErrors = {
  unauthenticated: (reason: string) =>
    new ApiError(
      401,
      'unauthenticated',
      `${reason}. Send "Authorization: Bearer <token>" with an API token or a configured admin token, or sign in.`,
      { 'www-authenticate': 'Bearer realm="lantern"' },
    ),
  forbidden: (needed: readonly string[]) =>
    new ApiError(403, 'forbidden', `This needs the role ${needed.join(' or ')}, which your credentials do not have.`),
  /** The role would do, but the credential is limited (a connector scope, read-only): `reason` names the limit. */
  outOfScope: (reason: string) => new ApiError(403, 'forbidden', reason),
  notFound: (what: string) => new ApiError(404, 'not_found', `${what} was not found.`),
  invalid: (message: string) => new ApiError(400, 'invalid_request', message),
  unavailable: (message: string) => new ApiError(503, 'unavailable', message),
  conflict: (message: string, details?: Record<string, unknown>) => new ApiError(409, 'conflict', message, {}, details),
  /** Temporal is down or too slow (see temporal-outage.ts): the caller may retry, as /readyz would also say. */
  temporalUnavailable: () =>
    new ApiError(
      503,
      'temporal_unavailable',
      `Temporal is not answering right now, so nothing was changed. Try again in ${TEMPORAL_RETRY_AFTER_SECONDS} seconds; /readyz shows when it is back.`,
      { 'retry-after': String(TEMPORAL_RETRY_AFTER_SECONDS) },
    ),
  /** The request was understood but the outside world refuses it (e.g. a tenant lacks permissions); details say what. */
  unprocessable: (code: string, message: string, details?: Record<string, unknown>) =>
    new ApiError(422, code, message, {}, details),
  /** A state-changing request made with a sign-in session cookie but without (or with a wrong) CSRF token. */
  csrf: (code: 'csrf_missing' | 'csrf_invalid') =>
    new ApiError(
      403,
      code,
      code === 'csrf_missing'
        ? 'This request uses a sign-in session, so it must carry the session\'s CSRF token (header "x-csrf-token" or form field "_csrf"). Bearer-token calls need none.'
        : 'The CSRF token does not belong to this sign-in session. Reload the page and try again.',
    ),
};

/** Codes for Fastify's own 4xx errors (bad JSON, wrong content type, body too large...). */
const FASTIFY_CODES: Record<number, string> = {
  400: 'invalid_request',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
};

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((thrown: FastifyError | ApiError, request, reply) => {
    const outage = isTemporalOutage(thrown);
    if (outage) request.log.warn({ err: thrown }, 'Temporal did not answer');
    const error = outage ? apiErrors.temporalUnavailable() : thrown;
    if (error instanceof ApiError) {
      if (error.statusCode >= 500) request.log.warn({ err: error }, 'request failed');
      return send(reply.headers(error.headers), error.statusCode, error.code, error.message, request, error.details);
    }
    if (error.validation) {
      return send(reply, 400, 'invalid_request', describeValidation(error), request);
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return send(reply, status, FASTIFY_CODES[status] ?? 'invalid_request', error.message, request);
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(
      reply,
      500,
      'internal_error',
      `Something went wrong on our side. Quote request id ${request.id} when reporting it.`,
      request,
    );
  });

  app.setNotFoundHandler((request, reply) =>
    send(
      reply,
      404,
      'not_found',
      `There is no route ${request.method} ${request.url.split('?')[0]}. See /docs for the API.`,
      request,
    ),
  );
}

function send(
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  request: FastifyRequest,
  details?: Record<string, unknown>,
): FastifyReply {
  const body: ErrorBody = { error: { code, message, requestId: request.id, ...(details ? { details } : {}) } };
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

/** "querystring.limit must be <= 100" — names the field so the caller knows what to fix. */
function describeValidation(error: FastifyError): string {
  const fieldPath = (issue: NonNullable<FastifyError['validation']>[number], extra?: string) =>
    [error.validationContext, ...issue.instancePath.split('/').filter(Boolean), extra].filter(Boolean).join('.');
  // An undeclared property is named as such (schemas refuse them: see input-rules.ts), even inside a union's branch.
  const unknown = (error.validation ?? []).flatMap((issue) => {
    const name = (issue.params as { additionalProperty?: string }).additionalProperty;
    return issue.keyword === 'additionalProperties' && name !== undefined
      ? [fieldPath(issue, name.length > 64 ? `${name.slice(0, 64)}…` : name)]
      : [];
  });
  if (unknown.length > 0) {
    return `Unknown ${error.validationContext === 'querystring' ? 'parameter' : 'field'} ${unknown.slice(0, 5).join(', ')}: check the spelling (see /docs).`;
  }
  const issues = (error.validation ?? []).slice(0, 5).map((issue) => {
    const missing = (issue.params as { missingProperty?: string }).missingProperty;
    return `${fieldPath(issue, missing)} ${missing ? 'is required' : (issue.message ?? 'is invalid')}`;
  });
  return `Invalid request: ${issues.join('; ')}.`;
}
