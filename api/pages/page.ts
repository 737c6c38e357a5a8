// How every server-rendered page leaves the API: one set of security headers, one way to send a page, and one refusal
// (a status with a page that says what happened and what to do next).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { csrfTokenFor } from '../http/auth.js';
import type { Viewer } from './layout.js';
import { renderMessagePage, type NextStep } from './message.js';

export interface PageHeaderOptions {
  /**
   * Where the pages' forms may lead besides this origin. A sign-in form POSTs here and is redirected to Microsoft,
   * and browsers apply form-action to that redirect too: onboarding's pages allow https: for it.
   */
  formTargets?: string[];
}

/**
 * Pages are never cached, framed or referred from. Their styles and scripts are Lantern's own files (/assets): no
 * inline script or style, nothing from another origin; scripts may call back only to Lantern (typeahead, live stages).
 */
export function installPageHeaders(app: FastifyInstance, { formTargets = [] }: PageHeaderOptions = {}): void {
  const csp = [
    "default-src 'none'",
    "style-src 'self'",
    "script-src 'self'",
    "connect-src 'self'",
    "img-src 'self'",
    `form-action ${["'self'", ...formTargets].join(' ')}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
  app.addHook('onSend', async (_request, reply) => {
    reply
      .header('cache-control', 'no-store')
      .header('x-frame-options', 'DENY')
      .header('referrer-policy', 'no-referrer')
      .header('content-security-policy', csp);
  });
}

/** The signed-in person looking at a page (null on public pages or for a token caller without a person). */
export function viewerOf(request: FastifyRequest): Viewer | null {
  const principal = request.principal;
  return principal ? { principal, csrfToken: csrfTokenFor(request) } : null;
}

export function sendPage(reply: FastifyReply, status: number, page: string): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(page);
}

/** Why a link or a step cannot be used: the status and what the page says. */
export interface Refusal {
  status: number;
  title: string;
  message: string;
  next?: NextStep | undefined;
}

export function refuse(reply: FastifyReply, { status, ...page }: Refusal): FastifyReply {
  return sendPage(reply, status, renderMessagePage(page));
}

/** A page confirming what was done (a status line screen readers announce). */
export function confirm(reply: FastifyReply, title: string, message: string): FastifyReply {
  return sendPage(reply, 200, renderMessagePage({ title, message, ok: true }));
}
