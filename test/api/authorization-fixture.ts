// The world the authorization matrix runs in: one connected tenant whose directory holds a requester, the owners of two
// groups (X and Y, each the approver of its group's requests), a disabled user, and one pending request per group;
// a home tenant holding Lantern's admin; a tenant no connector governs. Temporal and onboarding are in-memory fakes,
// so a request that is let through changes only the catalog, which `reseed()` puts back.
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { OnboardingDeps } from '../../api/onboarding/deps.js';
import { putPolicy } from '../../catalog/access/policies.js';
import type { JsonObject } from '../../catalog/column-types.js';
import { jsonb, type CatalogSchema } from '../../catalog/index.js';
import {
  connectorRow,
  directGrantRow,
  groupEntitlementRow,
  groupRow,
  policyInput,
  userRow,
} from '../helpers/catalog-rows.js';
import { ADMIN_TOKEN, buildTestApp, openTestCatalog, stubTemporal, type TestCatalog } from '../helpers/api-app.js';
import { fakeOnboardingTemporal, onboardingStatus, testOnboardingDeps } from '../helpers/onboarding-fakes.js';
import { fakeAccessTemporal } from './access-fakes.js';
import { ENTRA_ENV, fakeConnectorTemporal } from './connector-fakes.js';

export const CONNECTED_TENANT = '21111111-2222-4333-8444-555555555555';
export const HOME_TENANT = '31111111-2222-4333-8444-555555555555';
export const FOREIGN_TENANT = '41111111-2222-4333-8444-555555555555';
export const CONNECTOR = 'c-matrix';
export const PEOPLE = {
  requester: 'u-requester',
  ownerOfX: 'u-owner-x',
  ownerOfY: 'u-owner-y',
  disabled: 'u-disabled',
  admin: 'u-admin',
  foreigner: 'u-foreigner',
} as const;
export const GRANT_X = `grant:${CONNECTOR}:group:gx:member:${PEOPLE.requester}`;
export const GRANT_Y = `grant:${CONNECTOR}:group:gy:member:${PEOPLE.requester}`;

export interface MatrixWorld {
  app: FastifyInstance;
  db: Kysely<CatalogSchema>;
  /** Puts the seeded catalog back after a request that may have changed it (sessions and API tokens stay). */
  reseed(): Promise<void>;
  /** A bearer token made through the API by the bootstrap admin token. */
  apiToken(body: { role: 'admin' | 'reader'; connectorId?: string }): Promise<{ id: string; token: string }>;
  close(): Promise<void>;
}

export async function openMatrixWorld(): Promise<MatrixWorld> {
  const catalog: TestCatalog = await openTestCatalog();
  const db = catalog.catalog.db;
  await seed(db);
  const app = await buildTestApp(
    catalog.catalog,
    {
      temporal: stubTemporal({ connectors: fakeConnectorTemporal(), access: fakeAccessTemporal(PEOPLE.requester) }),
      onboarding: fakeOnboarding(),
    },
    { ...ENTRA_ENV, LANTERN_HOME_TENANT_ID: HOME_TENANT },
  );
  return {
    app,
    db,
    async reseed() {
      await db.deleteFrom('connectors').execute();
      await seed(db);
    },
    async apiToken(body) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/api-tokens',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        payload: { name: `matrix ${body.role}`, expiresInDays: 1, ...body },
      });
      if (response.statusCode !== 201) throw new Error(`could not create an API token: ${response.body}`);
      return response.json() as { id: string; token: string };
    },
    async close() {
      await app.close();
      await catalog.close();
    },
  };
}

async function seed(db: Kysely<CatalogSchema>): Promise<void> {
  const C = CONNECTOR;
  const generation = 1;
  await db
    .insertInto('connectors')
    .values(connectorRow(C, { displayName: 'Matrix', tenantId: CONNECTED_TENANT }))
    .execute();
  const user = (id: string, enabled = true) => userRow(C, id, { domain: 'matrix.example', enabled, generation });
  await db
    .insertInto('principals')
    .values([user(PEOPLE.requester), user(PEOPLE.ownerOfX), user(PEOPLE.ownerOfY), user(PEOPLE.disabled, false)])
    .execute();
  for (const group of ['gx', 'gy']) {
    await db
      .insertInto('resources')
      .values(groupRow(C, group, { generation }))
      .execute();
    await db
      .insertInto('entitlements')
      .values((['member', 'owner'] as const).map((kind) => groupEntitlementRow(C, group, kind, { generation })))
      .execute();
  }
  await db
    .insertInto('grants')
    .values(
      [
        ['gx', PEOPLE.ownerOfX],
        ['gy', PEOPLE.ownerOfY],
      ].map(([group, owner]) => directGrantRow(C, `group:${group}:owner`, owner!, { generation })),
    )
    .execute();
  await putPolicy(db, policyInput(C, { approvalRequired: true, approvers: { owners: true } }));
  // A protected account (policy v2), so DELETE .../protected-accounts/:principalId has something to remove.
  await db
    .insertInto('protected_accounts')
    .values({ connector_id: C, principal_id: PEOPLE.requester, reason: 'matrix', added_by: 'seed' })
    .execute();
  await db
    .insertInto('access_grants')
    .values(
      [
        [GRANT_X, 'gx', PEOPLE.ownerOfX],
        [GRANT_Y, 'gy', PEOPLE.ownerOfY],
      ].map(([workflowId, group, approver]) => ({
        workflow_id: workflowId!,
        connector_id: C,
        entitlement_id: `group:${group}:member`,
        principal_id: PEOPLE.requester,
        principal_upn: `${PEOPLE.requester}@matrix.example`,
        requester_id: PEOPLE.requester,
        stage: 'pending_approval',
        end_reason: null,
        expires_at: null,
        pre_existing: false,
        approver_ids: jsonb([approver!]),
      })),
    )
    .execute();
  await seedShadowApp(db);
  await seedReviewCampaign(db);
}

/** Shadow apps (issue 14): one discovered app the requester consented to, with one finished revocation. */
export const SHADOW_APP = 'app-matrix';
export const SHADOW_REVOCATION = 'rev-matrix';
async function seedShadowApp(db: Kysely<CatalogSchema>): Promise<void> {
  await db
    .insertInto('discovered_apps')
    .values({
      connector_id: CONNECTOR,
      app_id: SHADOW_APP,
      service_principal_id: 'sp-matrix',
      display_name: 'Matrix mail reader',
      verified_publisher: false,
      publisher: null,
      consenting_users: 1,
      generation: 1,
    })
    .execute();
  await db
    .insertInto('discovered_app_consents')
    .values({
      connector_id: CONNECTOR,
      app_id: SHADOW_APP,
      grant_id: 'g-matrix',
      principal_id: PEOPLE.requester,
      generation: 1,
    })
    .execute();
  await db
    .insertInto('shadow_app_revocations')
    .values({
      id: SHADOW_REVOCATION,
      connector_id: CONNECTOR,
      app_id: SHADOW_APP,
      service_principal_id: 'sp-matrix',
      workflow_id: `shadow-revoke:${CONNECTOR}:${SHADOW_APP}:${SHADOW_REVOCATION}`,
      requested_by: 'admin-token#1',
      status: 'succeeded',
    })
    .execute();
}

/**
 * Access reviews (issue 15): one campaign in review, created by the admin (its owner), in which the requester reviews
 * ownerOfX's membership of gx; and one series. Nobody else has anything to review in it.
 */
export const REVIEW_CAMPAIGN = 'review-matrix';
export const REVIEW_SERIES = 'series-matrix';
async function seedReviewCampaign(db: Kysely<CatalogSchema>): Promise<void> {
  const definition = {
    connectorId: CONNECTOR,
    name: 'Matrix review',
    scope: { kinds: ['groupMembers'] },
    reviewers: { kind: 'named', principalIds: [PEOPLE.requester], fallbackIds: [PEOPLE.requester] },
    durationSeconds: 86_400,
    reminders: { weekly: false, beforeDueSeconds: [] },
    defaultDecision: 'keep',
    autoApply: true,
    inactiveDays: 30,
    recurrence: null,
  } as const;
  await db
    .insertInto('review_series')
    .values({
      id: REVIEW_SERIES,
      connector_id: CONNECTOR,
      name: 'Matrix series',
      definition: jsonb({ ...definition, recurrence: 'monthly' } as unknown as JsonObject),
      cadence: 'monthly',
      schedule_id: `review-series:${REVIEW_SERIES}`,
      created_by: 'admin-token#1',
    })
    .execute();
  await db
    .insertInto('review_campaigns')
    .values({
      id: REVIEW_CAMPAIGN,
      connector_id: CONNECTOR,
      name: 'Matrix review',
      definition: jsonb(definition as unknown as JsonObject),
      workflow_id: `review:${REVIEW_CAMPAIGN}`,
      owner_id: `session:${PEOPLE.admin}`,
      owner_subject: PEOPLE.admin,
      status: 'in_review',
      due_at: new Date(Date.now() + 86_400_000),
      staged_at: new Date(),
    })
    .execute();
  await db
    .insertInto('review_items')
    .values({
      campaign_id: REVIEW_CAMPAIGN,
      id: 1,
      entitlement_id: 'group:gx:member',
      entitlement_kind: 'member',
      entitlement_name: 'gx member',
      resource_id: 'gx',
      resource_type: 'group',
      resource_name: 'gx',
      principal_id: PEOPLE.ownerOfX,
      principal_kind: 'user',
      principal_name: PEOPLE.ownerOfX,
      applicability: 'applicable',
      recommendation: 'none',
      recommendation_reason: 'No sign-in data',
    })
    .execute();
  await db
    .insertInto('review_assignments')
    .values({ campaign_id: REVIEW_CAMPAIGN, item_id: 1, reviewer_id: PEOPLE.requester, kind: 'named' })
    .execute();
}

/** Onboarding that is there but not exercised: one cancelled setup, so the status and restart routes have one. */
export function fakeOnboarding(): OnboardingDeps {
  return testOnboardingDeps(
    fakeOnboardingTemporal({
      status: async (connectorId) =>
        onboardingStatus({
          connectorId,
          displayName: 'Matrix',
          stage: 'cancelled',
          owners: ['owner@matrix.example'],
          tenantId: CONNECTED_TENANT,
          expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
        }),
    }),
    // An identity codec: the codec routes then answer (rather than 404 "not configured") once let through.
    { codec: { encode: async (payloads) => payloads, decode: async (payloads) => payloads } },
  );
}
