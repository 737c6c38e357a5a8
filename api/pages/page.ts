// How every server-rendered page leaves the API: one set of security headers, one way to send a page, and one refusal
// (a status with a page that says what happened and what to do next).
import type { FastifyInstance, FastifyReply } from 'fastify';
import { renderMessagePage, type NextStep } from './message.js';

export interface PageHeaderOptions {
  /**
   * Where the pages' forms may lead besides this origin. A sign-in form POSTs here and is redirected to Microsoft,
   * and browsers apply form-action to that redirect too: onboarding's pages allow https: for it.
   */
  formTargets?: string[];
  /** Allow script files served by Lantern itself (never inline script), e.g. the local-time formatter. */
  selfScripts?: boolean;
}

/** Pages are never cached, framed or referred from, and run no script: everything they show is inline CSS and forms. */
export function installPageHeaders(
  app: FastifyInstance,
  { formTargets = [], selfScripts = false }: PageHeaderOptions = {},
): void {
  const scripts = selfScripts ? " script-src 'self';" : '';
  const csp = `default-src 'none'; style-src 'unsafe-inline';${scripts} form-action ${["'self'", ...formTargets].join(' ')}; frame-ancestors 'none'`;
  app.addHook('onSend', async (_request, reply) => {
    reply
      .header('cache-control', 'no-store')
      .header('x-frame-options', 'DENY')
      .header('referrer-policy', 'no-referrer')
      .header('content-security-policy', csp);
  });
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
