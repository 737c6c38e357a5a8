// sendOwnerEmails: one message per owner, each with its own signed setup link (built here, in the worker, so the
// signature never enters workflow history). Not idempotent by nature; the workflow allows few attempts, and the
// Message-ID is stable per activity so a duplicate from a retry is recognisable.
import { Context } from '@temporalio/activity';
import type { LinkSigner } from '../../lib/signed-links.js';
import { setupLinkPath } from '../../lib/signed-links.js';
import type { OwnerEmailKind } from '../../workflows/onboarding/messages.js';
import type { Mailer } from '../email/mailer.js';
import { renderOwnerEmail } from '../email/templates.js';

export interface SendOwnerEmailsInput {
  connectorId: string;
  displayName: string;
  owners: string[];
  kind: OwnerEmailKind;
  tenantId: string | null;
  expiresAt: string;
}

export interface EmailServices {
  mailer: Mailer;
  links: LinkSigner;
  publicUrl: string;
  linkTtlSeconds: number;
}

export async function sendOwnerEmails(services: EmailServices, input: SendOwnerEmailsInput): Promise<{ sent: number }> {
  const { workflowExecution, activityId } = Context.current().info;
  const runId = workflowExecution?.runId ?? 'local';
  const linkExpiry = Math.min(Date.parse(input.expiresAt), Date.now() + services.linkTtlSeconds * 1000);
  for (const owner of input.owners) {
    const token = services.links.sign({ connectorId: input.connectorId, owner, purpose: 'setup', expiresAtMs: input.kind === 'connected' ? Date.now() + services.linkTtlSeconds * 1000 : linkExpiry });
    const setupUrl = `${services.publicUrl}${setupLinkPath(input.connectorId)}?token=${encodeURIComponent(token)}`;
    const rendered = renderOwnerEmail({ kind: input.kind, displayName: input.displayName, setupUrl, expiresAt: input.expiresAt, tenantId: input.tenantId });
    const messageId = `<${runId}.${activityId}.${Buffer.from(owner).toString('hex')}@lantern>`;
    await services.mailer.send({ to: owner, ...rendered, messageId });
  }
  return { sent: input.owners.length };
}
