// How the browser suites start Lantern and sign a person in: the app listening on a free port with its public URL set,
// and a page in a context holding that person's session, whose console errors land in the suite's `problems`.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { buildApp, type AppDeps } from '../../api/index.js';
import { peopleDepsFromConfig } from '../../api/people/routes.js';
import type { CatalogSchema } from '../../catalog/index.js';
import { loadConfig } from '../../config/index.js';
import { createLinkSigner } from '../../lib/links/signer.js';
import { freePort } from '../../stack/free-port.js';
import type { AccessSuite } from '../access/access-harness.js';
import { ENTRA_ENV } from '../api/connector-fakes.js';
import { ADMIN_TOKEN, authHeader, buildTestApp, stubTemporal } from './api-app.js';
import { contextWithSession } from './browser-checks.js';
import { signInAs, type TestPerson } from './sessions.js';
import { simulatorLanternEnv } from './simulator-env.js';

export interface ListeningApp {
  app: FastifyInstance;
  apiUrl: string;
}

/** Lantern's admin in the home tenant (app role Lantern.Admin). */
export const lanternAdmin = (homeTenantId: string): TestPerson => ({
  objectId: 'u-admin',
  tenantId: homeTenantId,
  upn: 'admin@lantern.test',
  appRoles: ['Lantern.Admin'],
});

/** A page signed in as `person` (a real session row, see signInAs), in a context made by contextWithSession. */
export async function signedInPage(
  browser: Browser,
  db: Kysely<CatalogSchema>,
  person: TestPerson,
  options: { apiUrl: string; timezoneId?: string; problems: string[] },
): Promise<Page> {
  const { cookie } = await signInAs(db, person, { publicUrl: options.apiUrl });
  const context = await contextWithSession(browser, { ...options, cookie });
  return context.newPage();
}

/** buildTestApp with the Entra settings, the given home tenant and its own URL, listening on a free port. */
export async function listenTestApp(
  catalog: AppDeps['catalog'],
  overrides: Partial<AppDeps>,
  homeTenantId: string,
): Promise<ListeningApp> {
  const port = await freePort();
  const apiUrl = `http://127.0.0.1:${port}`;
  const env = { ...ENTRA_ENV, LANTERN_HOME_TENANT_ID: homeTenantId, LANTERN_PUBLIC_URL: apiUrl };
  return listen(await buildTestApp(catalog, overrides, env), port, apiUrl);
}

/**
 * Lantern over an access suite, listening on a free port: the suite's catalog and accessGrant workflow, and people
 * signing in with the simulator's Microsoft pages (its consented tenant, the one synced, is the home tenant).
 */
export async function listenPeopleApp(suite: AccessSuite): Promise<ListeningApp> {
  const port = await freePort();
  const apiUrl = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    env: {
      LOG_LEVEL: 'silent',
      LANTERN_ADMIN_TOKENS: ADMIN_TOKEN,
      LANTERN_PUBLIC_URL: apiUrl,
      LANTERN_HOME_TENANT_ID: suite.h.tenant.id,
      ...simulatorLanternEnv(suite.h.sim),
    },
  });
  const app = await buildApp({
    config,
    catalog: suite.h.catalog,
    temporal: stubTemporal({ access: suite.h.access }),
    people: peopleDepsFromConfig(config, suite.h.catalog.db, createLinkSigner(randomBytes(32))),
  });
  return listen(app, port, apiUrl);
}

/** Sets an entitlement's access policy through the admin API (PUT .../access-policies/...), which must accept it. */
export async function putAccessPolicy(
  app: FastifyInstance,
  connectorId: string,
  entitlementId: string,
  policy: Record<string, unknown>,
): Promise<void> {
  const res = await app.inject({
    method: 'PUT',
    url: `/api/v1/connectors/${connectorId}/access-policies/${entitlementId}`,
    headers: authHeader,
    payload: policy,
  });
  assert.equal(res.statusCode, 200, res.body);
}

// A suite's after() closes only what before() handed it, so an app that fails to listen is closed here.
async function listen(app: FastifyInstance, port: number, apiUrl: string): Promise<ListeningApp> {
  try {
    await app.listen({ host: '127.0.0.1', port });
  } catch (error) {
    await app.close();
    throw error;
  }
  return { app, apiUrl };
}
