// Acting as a signed-in person in API tests without Microsoft: a real session row in the catalog (what the callback
// creates after a verified sign-in), and the Cookie header + CSRF token a browser would send.
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { createSession } from '../../catalog/people/sessions.js';
import type { CatalogSchema } from '../../catalog/schema.js';
import { sessionCookieName } from '../../api/people/session-auth.js';

export interface TestPerson {
  objectId: string;
  tenantId: string;
  upn?: string;
  /** Id token `roles`; only honoured when tenantId is the configured home tenant (e.g. ['Lantern.Admin']). */
  appRoles?: string[];
}

export async function signInAs(
  db: Kysely<CatalogSchema>,
  person: TestPerson,
  options: { publicUrl?: string; maxMinutes?: number } = {},
): Promise<{ cookie: string; csrf: string }> {
  const upn = person.upn ?? `${person.objectId}@example.test`;
  const { id, session } = await createSession(
    db,
    {
      objectId: person.objectId,
      tenantId: person.tenantId.toLowerCase(),
      upn,
      displayName: upn,
      appRoles: person.appRoles ?? [],
    },
    { idleMinutes: 480, maxMinutes: options.maxMinutes ?? 1440 },
  );
  return { cookie: `${sessionCookieName(options.publicUrl ?? 'http://localhost')}=${id}`, csrf: session.csrfSecret };
}

/** A page form posted by a signed-in browser: url-encoded fields with the session's CSRF token (say '' to omit it). */
export function submitForm(
  app: FastifyInstance,
  session: { cookie: string; csrf: string },
  url: string,
  fields: Record<string, string>,
) {
  return app.inject({
    method: 'POST',
    url,
    headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ ...fields, _csrf: session.csrf }).toString(),
  });
}
