// What the people routes need: the catalog, the auth settings, the session cookie, and (when an Entra app is
// configured) the link signer for OAuth state plus the people OAuth client. buildApp assembles it from config.
import type { Kysely } from 'kysely';
import type { CatalogSchema } from '../../catalog/schema.js';
import type { AuthSettings } from '../../config/auth-schema.js';
import type { PeopleOAuth } from '../../entra/people-sign-in.js';
import type { LinkSigner } from '../../lib/links/signer.js';
import type { SessionControl } from './session-auth.js';

export interface PeopleDeps {
  db: Kysely<CatalogSchema>;
  auth: AuthSettings;
  publicUrl: string;
  sessions: SessionControl;
  /** null = sign-in unavailable (no Entra app or no link signing key): the pages say so. */
  oauth: PeopleOAuth | null;
  links: LinkSigner | null;
  signInTtlSeconds: number;
}
