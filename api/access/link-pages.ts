// What the two email-link pages (approval-routes.ts, extension-routes.ts) share: their dependencies, the token's
// schemas, and the refusals for a link that fails verification or a workflow engine that cannot be reached.
import { Type } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import type { CatalogSchema } from '../../catalog/schema.js';
import type { ApprovalLinks } from '../../lib/links/access.js';
import type { AccessTemporal } from '../../temporal/clients/access.js';
import type { Refusal } from '../pages/page.js';
import type { ApproverRights } from './rights.js';

export interface EmailLinkDeps {
  db: Kysely<CatalogSchema>;
  links: ApprovalLinks;
  /** null when Temporal is not configured. */
  access: () => AccessTemporal | null;
  /** Who may decide now; default: the process-wide resolution (rights.ts). */
  rights?: ApproverRights | undefined;
}

/** GET shows the page (the token in the query); POST acts (the token in the form, never in a URL that gets logged). */
export const TokenQuery = Type.Object({ token: Type.Optional(Type.String({ maxLength: 4096 })) });
export const Token = Type.String({ minLength: 1, maxLength: 4096 });

/** A link that failed verification: expired (410) or not issued by Lantern (403), each with what to do instead. */
export function badLink(reason: string, messages: { expired: string; invalid: string }): Refusal {
  return reason === 'expired'
    ? { status: 410, title: 'This link has expired', message: messages.expired }
    : { status: 403, title: 'This link is not valid', message: messages.invalid };
}

export const unavailable = (what: string): Refusal => ({
  status: 503,
  title: `${what} are unavailable`,
  message: 'Lantern cannot reach its workflow engine right now. Try again later.',
});
