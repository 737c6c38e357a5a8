// The break-glass notice: sent at once to the entitlement's approvers and to Lantern's admins when someone takes
// access without approval. It says who took what, for how long and why (the reason as typed: renderEmail escapes it),
// and links to where the reader follows it up: the access review of that grant (or the grant itself).
import { describeDuration } from '../../../lib/time-text.js';
import { renderEmail, type RenderedEmail } from '../render.js';

export interface BreakGlassEmailContext {
  principalUpn: string;
  /** Who asked, when it was not the principal (an admin taking access for someone). */
  requesterLabel?: string | undefined;
  entitlementName: string;
  durationSeconds: number;
  reason: string;
  /** Review link (approvers: their review inbox; admins: the campaign page), else the grant's page. */
  url: string;
  linksToReview: boolean;
}

export function renderBreakGlassEmail(c: BreakGlassEmailContext): RenderedEmail {
  const by = c.requesterLabel ? ` (requested by ${c.requesterLabel})` : '';
  return renderEmail({
    subject: `Break-glass access: ${c.principalUpn} took ${c.entitlementName}`,
    paragraphs: [
      `${c.principalUpn} took break-glass access to ${c.entitlementName} for ${describeDuration(c.durationSeconds)}${by}, without approval. Lantern added the access at once.`,
      `Reason given: ${c.reason}`,
      c.linksToReview
        ? 'An access review of this grant is open: decide there whether the access stays (removing it ends the grant too).'
        : 'Open the grant in Lantern to see it and revoke it if it should not be there.',
    ],
    action: { label: c.linksToReview ? 'Review the access' : 'See the grant', url: c.url },
  });
}
