// Binding an OAuth round trip to the browser that started it. A random value in an HttpOnly cookie is the binding;
// the OAuth state carries only its hash, and the PKCE verifier and nonce are derived from it with the server's key,
// so nothing secret is stored on the server, sent to Microsoft, or put into a workflow.
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SignInSecrets } from '../../entra/auth-code-flow.js';
import type { LinkSigner } from '../../lib/links/signer.js';

const COOKIE = 'lantern_setup_browser';

export const bindingHash = (binding: string): string => createHash('sha256').update(binding).digest('base64url');

export function readBinding(request: FastifyRequest): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === COOKIE && value.length) return value.join('=');
  }
  return undefined;
}

/** The browser's binding, created (and set as a cookie scoped to /onboarding) on first use. */
export function ensureBinding(request: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  const existing = readBinding(request);
  if (existing && /^[\w-]{43}$/.test(existing)) return existing;
  const binding = randomBytes(32).toString('base64url');
  reply.header(
    'set-cookie',
    `${COOKIE}=${binding}; Path=/onboarding; HttpOnly; SameSite=Lax; Max-Age=86400${secure ? '; Secure' : ''}`,
  );
  return binding;
}

export function signInSecrets(links: LinkSigner, binding: string, stateId: string): SignInSecrets {
  return { codeVerifier: links.derive('pkce', binding, stateId), nonce: links.derive('nonce', binding, stateId) };
}
