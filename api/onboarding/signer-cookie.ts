// Who is signed in to an onboarding in this browser: after a verified sign-in the callback sets a signed cookie naming
// the Global Administrator (facts only: UPN, object id, tenant), bound to the browser's binding cookie. The consent
// step reads it to record who granted consent, since Microsoft's admin-consent answer names the tenant but no person.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LinkSigner } from '../../lib/links/signer.js';
import type { VerifiedAdmin } from '../../workflows/onboarding/messages.js';
import { bindingHash } from './browser-binding.js';

const COOKIE = 'lantern_setup_signer';
/** Long enough to read the consent screen, short enough that a shared computer forgets the admin soon. */
const SIGNER_TTL_MS = 60 * 60 * 1000;

export interface SetupSigner extends VerifiedAdmin {
  tenantId: string;
}

export function signerCookieValue(
  links: LinkSigner,
  connectorId: string,
  binding: string,
  signer: SetupSigner,
  nowMs = Date.now(),
): string {
  return links.sign({
    id: signer.objectId,
    subject: connectorId,
    actor: signer.upn,
    scope: signer.tenantId.toLowerCase(),
    purpose: 'setup-signer',
    browser: bindingHash(binding),
    expiresAtMs: nowMs + SIGNER_TTL_MS,
  });
}

export function setSignerCookie(reply: FastifyReply, value: string, secure: boolean): void {
  reply.header(
    'set-cookie',
    `${COOKIE}=${value}; Path=/onboarding; HttpOnly; SameSite=Lax; Max-Age=${SIGNER_TTL_MS / 1000}${secure ? '; Secure' : ''}`,
  );
}

/** The admin verified in this browser for this connector (and tenant, when given); null when none or not valid. */
export function readSigner(
  request: Pick<FastifyRequest, 'headers'>,
  links: LinkSigner,
  connectorId: string,
  binding: string | undefined,
  tenantId?: string | null,
): SetupSigner | null {
  const value = cookieValue(request.headers.cookie, COOKIE);
  if (!value || !binding) return null;
  const check = links.verify(value, { purpose: 'setup-signer', subject: connectorId });
  if (!check.ok || check.claims.browser !== bindingHash(binding)) return null;
  const { id: objectId, actor: upn, scope } = check.claims;
  if (!scope || (tenantId && scope !== tenantId.toLowerCase())) return null;
  return { objectId, upn, tenantId: scope };
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name && value.length) return value.join('=');
  }
  return undefined;
}
