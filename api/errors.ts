// Every API error is built here and rendered by the one error handler: 4xx bodies tell the caller what to fix,
// 5xx bodies say only that it failed and which request id to quote (details go to the log).
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface ErrorBody {
  /** `details` carries machine-readable specifics for some 4xx (e.g. the missing permissions of a 422). */
  error: { code: string; message: string; requestId: string; details?: Record<string, unknown> };
}

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(readonly statusCode: number, readonly code: string, message: string, readonly headers: Record<string, string> = {},
    readonly details?: Record<string, unknown>) {
    super(message);
  }
}

export const apiErrors = {
  unauthenticated: (reason: string) =>
    new ApiError(401, 'unauthenticated', `${reason}. Send "Authorization: Bearer <token>" with a configured admin token.`,
      { 'www-authenticate': 'Bearer realm="lantern"' }),
  forbidden: (needed: readonly string[]) =>
    new ApiError(403, 'forbidden', `This needs the role ${needed.join(' or ')}, which your credentials do not have.`),
  notFound: (what: string) => new ApiError(404, 'not_found', `${what} was not found.`),
  invalid: (message: string) => new ApiError(400, 'invalid_request', message),
  unavailable: (message: string) => new ApiError(503, 'unavailable', message),
  conflict: (message: string) => new ApiError(409, 'conflict', message),
  /** The request was understood but the outside world refuses it (e.g. a tenant lacks permissions); details say what. */
  unprocessable: (code: string, message: string, details?: Record<string, unknown>) => new ApiError(422, code, message, {}, details),
};

/** Codes for Fastify's own 4xx errors (bad JSON, wrong content type, body too large...). */
const FASTIFY_CODES: Record<number, string> = {
  400: 'invalid_request', 404: 'not_found', 405: 'method_not_allowed', 406: 'not_acceptable', 413: 'payload_too_large',
  415: 'unsupported_media_type', 429: 'too_many_requests',
};

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
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
    return send(reply, 500, 'internal_error', `Something went wrong on our side. Quote request id ${request.id} when reporting it.`, request);
  });

  app.setNotFoundHandler((request, reply) =>
    send(reply, 404, 'not_found', `There is no route ${request.method} ${request.url.split('?')[0]}. See /docs for the API.`, request));
}

function send(reply: FastifyReply, status: number, code: string, message: string, request: FastifyRequest,
  details?: Record<string, unknown>): FastifyReply {
  const body: ErrorBody = { error: { code, message, requestId: request.id, ...(details ? { details } : {}) } };
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

/** "querystring.limit must be <= 100" — names the field so the caller knows what to fix. */
function describeValidation(error: FastifyError): string {
  const issues = (error.validation ?? []).slice(0, 5).map((issue) => {
    const missing = (issue.params as { missingProperty?: string }).missingProperty;
    const path = [error.validationContext, ...issue.instancePath.split('/').filter(Boolean), missing].filter(Boolean).join('.');
    return `${path} ${missing ? 'is required' : issue.message ?? 'is invalid'}`;
  });
  return `Invalid request: ${issues.join('; ')}.`;
}
