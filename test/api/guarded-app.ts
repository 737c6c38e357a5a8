// The API with every route live for input tests: a PGlite catalog seeded with one connector (c1) that has a principal,
// an entitlement and a default policy, and in-memory stand-ins for Temporal that record what reached them. `state()`
// sums everything a request could change, so a refused request can be shown to have changed nothing.
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { putPolicy } from '../../catalog/access/policies.js';
import { jsonb } from '../../catalog/index.js';
import type { AccessGrantInput } from '../../workflows/access/messages.js';
import type { OnboardConnectorInput } from '../../workflows/onboarding/messages.js';
import { buildTestApp, openTestCatalog, stubTemporal, type TestCatalog } from '../helpers/api-app.js';
import { connectorRow, policyInput } from '../helpers/catalog-rows.js';
import { fakeOnboardingTemporal, testOnboardingDeps } from '../helpers/onboarding-fakes.js';
import { fakeAccessTemporal } from './access-fakes.js';
import { ENTRA_ENV, TENANT_ID, fakeConnectorTemporal, type FakeConnectorTemporal } from './connector-fakes.js';

export const SEED = { connectorId: 'c1', principalId: 'p1', entitlementId: 'group:g1:member', groupId: 'g1' };

export interface GuardedApp {
  app: FastifyInstance;
  db: TestCatalog;
  connectors: FakeConnectorTemporal;
  onboardingsStarted: OnboardConnectorInput[];
  accessRequested: AccessGrantInput[];
  /** Row counts and changes sent to Temporal (a tenant verification only reads): equal before and after a request that changed nothing. */
  state(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export async function buildGuardedApp(): Promise<GuardedApp> {
  const db = await openTestCatalog();
  await seed(db);
  const connectors = fakeConnectorTemporal();
  connectors.schedules.set(SEED.connectorId, {
    connectorId: SEED.connectorId,
    tenantId: TENANT_ID,
    displayName: 'Seeded',
    intervalMinutes: 60,
    paused: false,
    triggers: 1,
    running: false,
  });
  const onboardingsStarted: OnboardConnectorInput[] = [];
  const accessRequested: AccessGrantInput[] = [];
  const access = fakeAccessTemporal('admin', (input) => accessRequested.push(input));
  const onboarding = testOnboardingDeps(
    fakeOnboardingTemporal({
      start: async (input) => {
        onboardingsStarted.push(input);
        return { workflowId: `onboarding:${input.connectorId}`, runId: 'r1' };
      },
    }),
  );
  const app = await buildTestApp(db.catalog, { temporal: stubTemporal({ connectors, access }), onboarding }, ENTRA_ENV);

  return {
    app,
    db,
    connectors,
    onboardingsStarted,
    accessRequested,
    async state() {
      const { rows } = await sql<Record<string, string>>`select
        (select count(*) from connectors) as connectors, (select count(*) from audit_log) as audit_rows,
        (select count(*) from access_grants) as access_grants, (select count(*) from access_policies) as policies`.execute(
        db.catalog.db,
      );
      const counts = Object.fromEntries(Object.entries(rows[0]!).map(([name, n]) => [name, Number(n)]));
      return {
        ...counts,
        onboardingsStarted: onboardingsStarted.length,
        accessRequested: accessRequested.length,
        schedules: connectors.schedules.size,
        removed: connectors.removed.length,
      };
    },
    async close() {
      await app.close();
      await db.close();
    },
  };
}

async function seed(db: TestCatalog): Promise<void> {
  const { connectorId: C, principalId, entitlementId, groupId } = SEED;
  const generation = 1;
  await db.catalog.db
    .insertInto('connectors')
    .values(connectorRow(C, { displayName: 'Seeded', tenantId: TENANT_ID }))
    .execute();
  await db.catalog.db
    .insertInto('principals')
    .values({
      connector_id: C,
      id: principalId,
      kind: 'user',
      display_name: 'P',
      upn: 'p@x.example',
      account_enabled: true,
      attributes: jsonb({}),
      generation,
    })
    .execute();
  await db.catalog.db
    .insertInto('resources')
    .values({
      connector_id: C,
      id: groupId,
      type: 'group',
      display_name: 'G',
      immutable: false,
      attributes: jsonb({}),
      generation,
    })
    .execute();
  await db.catalog.db
    .insertInto('entitlements')
    .values({
      connector_id: C,
      id: entitlementId,
      resource_id: groupId,
      resource_type: 'group',
      kind: 'member',
      display_name: 'G member',
      immutable: false,
      generation,
    })
    .execute();
  await putPolicy(db.catalog.db, policyInput(C));
}
