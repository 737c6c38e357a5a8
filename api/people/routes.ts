// Everything people sign in for, as one plugin: sign-in, callback, sign-out, home, who-am-I and the admin page.
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { CatalogSchema } from '../../catalog/schema.js';
import { entraAccessFromSettings, type Config } from '../../config/index.js';
import { createPeopleOAuth } from '../../entra/people-sign-in.js';
import type { LinkSigner } from '../../lib/links/signer.js';
import type { PeopleDeps } from './deps.js';
import { homeRoutes } from './home-routes.js';
import { createPersonSessions } from './session-auth.js';
import { signInRoutes } from './sign-in-routes.js';

/** People deps from configuration; `links` is onboarding's signer (absent = sign-in unavailable). */
export function peopleDepsFromConfig(
  config: Config,
  db: Kysely<CatalogSchema>,
  links: LinkSigner | null,
  now?: () => Date,
): PeopleDeps {
  const entra = entraAccessFromSettings(config.entra);
  const publicUrl = config.api.publicUrl;
  return {
    db,
    auth: config.auth,
    publicUrl,
    sessions: createPersonSessions({ db, auth: config.auth, publicUrl, ...(now ? { now } : {}) }),
    oauth: entra ? createPeopleOAuth({ cloud: entra.defaultCloud, credentials: entra.credentials, publicUrl }) : null,
    links,
    signInTtlSeconds: config.onboarding.signInTtlSeconds,
  };
}

export async function peopleRoutes(app: FastifyInstance, { deps }: { deps: PeopleDeps }): Promise<void> {
  await app.register(signInRoutes, { deps });
  await app.register(homeRoutes, { deps });
}
