// Signed approval links: scoped to one grant (its workflow id), one approver and the approval purpose, and expiring
// with the request. They are signed with their own key, derived from the link signing key, so neither a setup link nor
// an OAuth state can pass as an approval link (nor the reverse). The token is never logged.
import { createLinkSigner, type LinkSigner } from '../../lib/signed-links.js';

export const APPROVAL_LINK_PATH = '/access/approval';

export interface ApprovalLinkClaims {
  grantId: string;
  approverId: string;
  expiresAtMs: number;
}

export type ApprovalLinkCheck = { ok: true; claims: ApprovalLinkClaims } | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' | 'wrong_scope' };

export interface ApprovalLinks {
  sign(claims: ApprovalLinkClaims): string;
  verify(token: string, nowMs?: number): ApprovalLinkCheck;
}

export function createApprovalLinks(base: LinkSigner): ApprovalLinks {
  const signer = createLinkSigner(Buffer.from(base.derive('access-approval-link-key'), 'base64url'));
  // The derived key is the scope; the generic carrier's purpose field stays 'setup' (lib/signed-links.ts's type).
  return {
    sign: ({ grantId, approverId, expiresAtMs }) => signer.sign({ connectorId: grantId, owner: approverId, purpose: 'setup', expiresAtMs }),
    verify(token, nowMs) {
      const check = signer.verify(token, { purpose: 'setup' }, nowMs);
      if (!check.ok) return check;
      const { connectorId, owner, expiresAtMs } = check.claims;
      return { ok: true, claims: { grantId: connectorId, approverId: owner, expiresAtMs } };
    },
  };
}

export const approvalLinkUrl = (publicUrl: string, token: string): string =>
  `${publicUrl}${APPROVAL_LINK_PATH}?token=${encodeURIComponent(token)}`;
