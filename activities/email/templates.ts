// Owner emails: what happened, what to do next, and which Entra role it takes. Plain text and simple HTML.
import type { OwnerEmailKind } from '../../workflows/onboarding/messages.js';

export interface OwnerEmailContext {
  kind: OwnerEmailKind;
  displayName: string;
  setupUrl: string;
  expiresAt: string;
  tenantId: string | null;
}

interface Body { subject: string; paragraphs: string[]; action?: string }

const ROLE = 'You need the Microsoft Entra role Global Administrator in the tenant you connect: you will sign in with '
  + 'Microsoft twice and grant Lantern read access to the directory (admin consent) in between.';

function body({ kind, displayName, expiresAt, tenantId }: OwnerEmailContext): Body {
  const until = `The setup link works until ${expiresAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}.`;
  switch (kind) {
    case 'invitation':
      return { subject: `Set up the Lantern connector "${displayName}"`, action: 'Open the setup page',
        paragraphs: [`You were named an integration owner of the Lantern connector "${displayName}".`, ROLE,
          'What happens: 1. sign in with Microsoft; 2. approve Lantern\'s application permissions for your organization; 3. sign in again so Lantern can check them. Then Lantern starts its first sync.', until] };
    case 'reminder':
      return { subject: `Reminder: the Lantern connector "${displayName}" is waiting for you`, action: 'Continue the setup',
        paragraphs: [`The setup of "${displayName}" is not finished yet.`, ROLE, until] };
    case 'connected':
      return { subject: `Connected: Lantern connector "${displayName}"`, action: 'See the sync status',
        paragraphs: [`"${displayName}" is connected${tenantId ? ` to tenant ${tenantId}` : ''}. Lantern has started its first sync.`] };
    case 'expired':
      return { subject: `Expired: the setup of Lantern connector "${displayName}"`,
        paragraphs: [`The setup of "${displayName}" was not finished in time and has expired. Ask a Lantern administrator to restart it.`] };
    case 'cancelled':
      return { subject: `Cancelled: the setup of Lantern connector "${displayName}"`,
        paragraphs: [`A Lantern administrator cancelled the setup of "${displayName}". Nothing more is needed from you.`] };
  }
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function renderOwnerEmail(context: OwnerEmailContext): { subject: string; text: string; html: string; links: string[] } {
  const { subject, paragraphs, action } = body(context);
  const links = action ? [context.setupUrl] : [];
  const text = [...paragraphs, ...(action ? [`${action}: ${context.setupUrl}`] : [])].join('\n\n');
  const html = `<!doctype html><html lang="en"><body style="font-family:sans-serif;max-width:40em">${paragraphs.map((p) => `<p>${escape(p)}</p>`).join('')}`
    + `${action ? `<p><a href="${escape(context.setupUrl)}">${escape(action)}</a></p>` : ''}</body></html>`;
  return { subject, text, html, links };
}
