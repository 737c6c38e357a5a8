// Signed access links. Approval links: scoped to one grant (its workflow id), one approver, the request they decide
// (the first request, or one extension, by request id) and the access-approval purpose; they expire with the request.
// Extension links: scoped to one grant and its requester, purpose access-extension, expiring with the grant. Each kind
// is signed with its own key, derived from the link signing key, and checked for its purpose, so neither a setup link,
// an OAuth state nor the other access link can pass for it. Tokens are never logged nor put into workflow history.
import { createHash } from 'node:crypto';
import { createLinkSigner, type LinkCheck, type LinkSigner } from './signer.js';

export const APPROVAL_LINK_PATH = '/access/approval';
export const EXTENSION_LINK_PATH = '/access/extension';

type LinkRefusal = { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' | 'wrong_scope' };

export interface ApprovalLinkClaims {
  grantId: string;
  approverId: string;
  expiresAtMs: number;
  /** The request the link decides; absent on links issued before extensions could be approved by email. */
  requestId?: string | undefined;
}

export type ApprovalLinkCheck = { ok: true; claims: ApprovalLinkClaims } | LinkRefusal;

export interface ExtensionLinkClaims {
  grantId: string;
  requesterId: string;
  expiresAtMs: number;
  /** The workflow run of the grant: a later grant of the same pair (same workflow id) is not extended by this link. */
  runId?: string | undefined;
}

export type ExtensionLinkCheck = { ok: true; claims: ExtensionLinkClaims; requestId: string } | LinkRefusal;

export interface ExtensionLinks {
  sign(claims: ExtensionLinkClaims): string;
  /** On success, also the extension's request id, derived from the token: submitting one link twice is one extension. */
  verify(token: string, nowMs?: number): ExtensionLinkCheck;
}

export interface ApprovalLinks {
  sign(claims: ApprovalLinkClaims): string;
  verify(token: string, nowMs?: number): ApprovalLinkCheck;
  /** The warning email's one-click extension links (same base key, their own derived key and purpose). */
  extension: ExtensionLinks;
}

export function createApprovalLinks(base: LinkSigner): ApprovalLinks {
  const signer = createLinkSigner(Buffer.from(base.derive('access-approval-link-key'), 'base64url'));
  return {
    sign: ({ grantId, approverId, expiresAtMs, requestId }) =>
      signer.sign({
        subject: grantId,
        actor: approverId,
        purpose: 'access-approval',
        expiresAtMs,
        ...(requestId ? { scope: requestId } : {}),
      }),
    verify(token, nowMs) {
      let check: LinkCheck = signer.verify(token, { purpose: 'access-approval' }, nowMs);
      // Links mailed before purposes existed carried 'setup' under this derived key (no setup link is signed with
      // it): they stay valid until their request times out, and only for a first request (they have no scope).
      if (!check.ok && check.reason === 'wrong_scope') check = signer.verify(token, { purpose: 'setup' }, nowMs);
      if (!check.ok) return check;
      const { subject, actor, expiresAtMs, scope } = check.claims;
      return { ok: true, claims: { grantId: subject, approverId: actor, expiresAtMs, requestId: scope } };
    },
    extension: createExtensionLinks(base),
  };
}

export function createExtensionLinks(base: LinkSigner): ExtensionLinks {
  const signer = createLinkSigner(Buffer.from(base.derive('access-extension-link-key'), 'base64url'));
  return {
    sign: ({ grantId, requesterId, expiresAtMs, runId }) =>
      signer.sign({
        subject: grantId,
        actor: requesterId,
        purpose: 'access-extension',
        expiresAtMs,
        ...(runId ? { scope: runId } : {}),
      }),
    verify(token, nowMs) {
      const check = signer.verify(token, { purpose: 'access-extension' }, nowMs);
      if (!check.ok) return check;
      const { subject, actor, expiresAtMs, scope } = check.claims;
      // A hash of the signed part (not the signature, whose base64 has several spellings): one link, one request id,
      // and nothing of the token itself reaches workflow history.
      const requestId = `extension-link:${createHash('sha256').update(token.split('.')[0]!).digest('base64url').slice(0, 32)}`;
      return { ok: true, claims: { grantId: subject, requesterId: actor, expiresAtMs, runId: scope }, requestId };
    },
  };
}

/**
 * Signed approval links were mailed before the approver's inbox existed: /access/approval still honours them until
 * they expire with their request (at most the policy's request timeout), so nobody's pending email breaks. New
 * approval emails link to the inbox item instead (approvalItemUrl).
 */
export const approvalLinkUrl = (publicUrl: string, token: string): string =>
  `${publicUrl}${APPROVAL_LINK_PATH}?token=${encodeURIComponent(token)}`;

/** The approver's inbox item of a grant: the approval email's link (sign-in first when needed, then back here). */
export const approvalItemUrl = (publicUrl: string, grantId: string): string =>
  `${publicUrl}/approvals/${encodeURIComponent(grantId)}`;

export const extensionLinkUrl = (publicUrl: string, token: string): string =>
  `${publicUrl}${EXTENSION_LINK_PATH}?token=${encodeURIComponent(token)}`;
