// The Policies pages (admins edit, readers look): /admin/policies lists every connector's policies and finds an
// entitlement to give one; /admin/policies/<connector>/<entitlement or "default"> edits one. Saving goes through
// savePolicy, the same rules and audit row as PUT /api/v1/connectors/:id/access-policies/:entitlementId.
import formBody from '@fastify/formbody';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { entitlementsByIds, namesOf, searchConnectorEntitlements } from '../../catalog/access/policy-names.js';
import { effectivePolicy, listPolicies, type AccessPolicy } from '../../catalog/access/policies.js';
import { getConnector, listConnectorRecords, type ConnectorRecord } from '../../catalog/connectors.js';
import type { CatalogSchema } from '../../catalog/index.js';
import { requirePage } from '../http/auth.js';
import { installPageHeaders, refuse, sendPage, viewerOf } from '../pages/page.js';
import { bodyOfForm, formOfPolicy, formOfPost, type PolicyForm, type PolicyFormErrors } from './policy-pages-form.js';
import { stageSizesOf } from './policy-pages-summary.js';
import { POLICY_NOTICES, renderPolicyEdit, renderPolicyList, type ConnectorPolicies } from './policy-pages-views.js';
import { DEFAULT_SEGMENT, PolicyParams, savePolicy } from './policy-rules.js';

const ADMIN_PAGE = requirePage('admin');
const MAX_CONNECTORS = 200;
const SEARCH_RESULTS = 25;

const ListQuery = Type.Object(
  {
    connector: Type.Optional(Type.String({ maxLength: 200 })),
    q: Type.Optional(Type.String({ maxLength: 200 })),
    done: Type.Optional(Type.Union(Object.keys(POLICY_NOTICES).map((key) => Type.Literal(key)))),
  },
  { additionalProperties: false },
);
const EditParams = Type.Object({
  connectorId: PolicyParams.properties.id,
  entitlementId: PolicyParams.properties.entitlementId,
});
// Every form field is text; unknown fields are refused like the API refuses them.
const PolicyFormBody = Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 20_000 }));

/** A fresh policy's starting values: the connector default's, or one day with the owners approving. */
const STARTING_POLICY: Omit<AccessPolicy, 'connectorId' | 'entitlementId'> = {
  maxDurationSeconds: 8 * 3600,
  approvalRequired: true,
  approvers: { owners: true },
  autoApproveGroupId: null,
  requestTimeoutSeconds: 3 * 24 * 3600,
  extensionNeedsApproval: false,
  expiryWarningSeconds: null,
  allowGuests: false,
  stages: null,
  eligibility: null,
  breakGlass: null,
  revokeSessions: false,
};

export const policyPageRoutes: FastifyPluginAsyncTypebox<{ db: Kysely<CatalogSchema> }> = async (app, { db }) => {
  await app.register(formBody);
  installPageHeaders(app);

  app.get(
    '/admin/policies',
    { config: ADMIN_PAGE, schema: { hide: true, querystring: ListQuery } },
    async (request, reply) => {
      const { connector: searched, q, done } = request.query;
      const { items } = await listConnectorRecords(db, { limit: MAX_CONNECTORS });
      const sections = await Promise.all(
        items.map((connector) => connectorPolicies(db, connector, connector.id === searched ? q?.trim() : undefined)),
      );
      const page = renderPolicyList({
        viewer: viewerOf(request)!,
        sections,
        done: done as keyof typeof POLICY_NOTICES | undefined,
      });
      return sendPage(reply, 200, page);
    },
  );

  app.get(
    '/admin/policies/:connectorId/:entitlementId',
    { config: ADMIN_PAGE, schema: { hide: true, params: EditParams } },
    async (request, reply) => {
      const target = await findTarget(db, request.params);
      if (!target) return notFound(reply);
      const { connector, entitlement } = target;
      const policies = await listPolicies(db, connector.id);
      const own = policies.find((p) => p.entitlementId === (entitlement?.id ?? null));
      const start = own ??
        (entitlement && (await effectivePolicy(db, connector.id, entitlement.id))) ?? {
          ...STARTING_POLICY,
          connectorId: connector.id,
          entitlementId: null,
        };
      const form = await formOfPolicy(db, start);
      return sendPage(reply, 200, renderEdit(request, target, Boolean(own), form));
    },
  );

  app.post(
    '/admin/policies/:connectorId/:entitlementId',
    { config: ADMIN_PAGE, schema: { hide: true, params: EditParams, body: PolicyFormBody } },
    async (request, reply) => {
      const target = await findTarget(db, request.params);
      if (!target) return notFound(reply);
      const form = formOfPost(request.body);
      const stored = async () =>
        (await listPolicies(db, target.connector.id)).some((p) => p.entitlementId === (target.entitlement?.id ?? null));
      // "Add another stage": the form again, as typed, with one more blank stage (no script needed); nothing saved.
      if (request.body.addStage)
        return sendPage(reply, 200, renderEdit(request, target, await stored(), form, undefined, 2));
      const outcome = await bodyOfForm(db, target.connector.id, form);
      if ('errors' in outcome)
        return sendPage(reply, 400, renderEdit(request, target, await stored(), form, outcome.errors));
      const actor = { id: request.principal?.id ?? 'unknown', requestId: request.id };
      await savePolicy(
        db,
        { connectorId: target.connector.id, entitlementSegment: request.params.entitlementId },
        outcome.body,
        actor,
      );
      return reply.redirect(`/admin/policies?done=saved`, 303);
    },
  );
};

interface Target {
  connector: ConnectorRecord;
  entitlement: Awaited<ReturnType<typeof entitlementsByIds>>[number] | null;
}

async function findTarget(
  db: Kysely<CatalogSchema>,
  params: { connectorId: string; entitlementId: string },
): Promise<Target | null> {
  const connector = await getConnector(db, params.connectorId);
  if (!connector) return null;
  if (params.entitlementId === DEFAULT_SEGMENT) return { connector, entitlement: null };
  const [entitlement] = await entitlementsByIds(db, connector.id, [params.entitlementId]);
  return entitlement ? { connector, entitlement } : null;
}

function renderEdit(
  request: FastifyRequest,
  target: Target,
  stored: boolean,
  form: PolicyForm,
  errors?: PolicyFormErrors,
  blankStages = 1,
): string {
  const viewer = viewerOf(request)!;
  const mayEdit = viewer.principal.roles.includes('admin');
  return renderPolicyEdit({ viewer, ...target, stored, form, errors, mayEdit, blankStages });
}

async function connectorPolicies(
  db: Kysely<CatalogSchema>,
  connector: ConnectorRecord,
  q: string | undefined,
): Promise<ConnectorPolicies> {
  const policies = await listPolicies(db, connector.id);
  const entitlementIds = policies.flatMap((p) => (p.entitlementId ? [p.entitlementId] : []));
  const peopleIds = policies.flatMap((p) => [
    ...(p.approvers.principalIds ?? []),
    p.approvers.groupId ?? '',
    ...(p.eligibility?.groupIds ?? []),
  ]);
  const [entitlements, names, results, sizes] = await Promise.all([
    entitlementsByIds(db, connector.id, entitlementIds),
    namesOf(db, connector.id, peopleIds.filter(Boolean)),
    q ? searchConnectorEntitlements(db, connector.id, q, SEARCH_RESULTS) : Promise.resolve(null),
    stageSizesOf(db, policies),
  ]);
  for (const e of entitlements) names.set(e.id, e.displayName);
  return { connector, policies, names, sizes, search: q && results ? { q, results } : undefined };
}

function notFound(reply: FastifyReply): FastifyReply {
  return refuse(reply, {
    status: 404,
    title: 'No such policy target',
    message: 'This connector or entitlement is not in the catalog (it may have been removed by the last sync).',
    next: { href: '/admin/policies', label: 'Back to Policies' },
  });
}
