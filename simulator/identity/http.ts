// HTTP helpers shared by the identity routes: form bodies, cookies, error JSON, and redirects back to the client.
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IdentityError, identityErrorBody } from './errors.js';

export const SESSION_COOKIE = 'ESTSAUTH';

/** The request body as strings (form-urlencoded is parsed into an object; anything else counts as empty). */
export function formOf(request: FastifyRequest): Record<string, string> {
  const body = request.body;
  if (!body || typeof body !== 'object') return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body as Record<string, unknown>))
    out[k] = Array.isArray(v) ? String(v[0]) : String(v);
  return out;
}

export function queryOf(request: FastifyRequest): Record<string, string | undefined> {
  return (request.query ?? {}) as Record<string, string | undefined>;
}

export function cookie(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/** Secure + SameSite=None so the cookie also rides on form_post and cross-site redirects, as ESTSAUTH does. */
export function setSessionCookie(reply: FastifyReply, value: string): void {
  reply.header('set-cookie', `${SESSION_COOKIE}=${encodeURIComponent(value)}; Path=/; Secure; HttpOnly; SameSite=None`);
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.header('set-cookie', `${SESSION_COOKIE}=; Path=/; Secure; HttpOnly; SameSite=None; Max-Age=0`);
}

export function correlationIdOf(request: FastifyRequest): string {
  const header = request.headers['client-request-id'];
  const fromQuery = queryOf(request)['client-request-id'];
  return (typeof header === 'string' && header) || fromQuery || randomUUID();
}

/** Sends the token-endpoint error JSON (status, error, error_description with trace ids, error_codes). */
export function sendIdentityError(
  request: FastifyRequest,
  reply: FastifyReply,
  err: IdentityError,
  nowMs: number,
): FastifyReply {
  const body = identityErrorBody(err, randomUUID(), correlationIdOf(request), new Date(nowMs));
  return reply.code(err.status).header('cache-control', 'no-store, no-cache').send(body);
}

/** `AADSTS…: text\r\nTrace ID: …\r\nCorrelation ID: …\r\nTimestamp: …`, as error redirects carry it. */
export function redirectErrorDescription(err: IdentityError, nowMs: number): string {
  const timestamp = new Date(nowMs).toISOString().replace('T', ' ').slice(0, 19) + 'Z';
  return `AADSTS${err.aadsts}: ${err.description}\r\nTrace ID: ${randomUUID()}\r\nCorrelation ID: ${randomUUID()}\r\nTimestamp: ${timestamp}`;
}

/** redirect_uri with parameters appended in order (keeps any query the registered URI already has). */
export function withQuery(redirectUri: string, params: [string, string | undefined][]): string {
  const url = new URL(redirectUri);
  for (const [k, v] of params) if (v !== undefined) url.searchParams.append(k, v);
  return url.toString();
}

export function sendHtml(reply: FastifyReply, html: string, status = 200): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store, no-cache')
    .send(html);
}
