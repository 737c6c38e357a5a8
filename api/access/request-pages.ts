// Request access for people: /request (search, also as JSON for the typeahead), /request/:connectorId/:entitlementId
// (what it grants, its policy, the form). A request goes through requestAccess, the same function as the JSON API, so
// a refusal there is the same rule here, shown as the form again with what to fix. Also registers My access.
import formBody from '@fastify/formbody';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { describeEligibility, eligibilityRefusal } from '../../catalog/access/eligibility.js';
import { findEntitlementInScope, searchEntitlements } from '../../catalog/access/entitlement-search.js';
import { effectivePolicy, entitlementOwners } from '../../catalog/access/policies.js';
import { findRequestPrincipal } from '../../catalog/access/requests.js';
import type { CatalogSchema } from '../../catalog/index.js';
import type { AccessTemporal } from '../../temporal/clients/access.js';
import { requirePage, type Principal } from '../http/auth.js';
import { ApiError } from '../http/errors.js';
import { installPageHeaders, refuse, sendPage, viewerOf } from '../pages/page.js';
import type { TemporalUi } from '../pages/temporal-ui.js';
import type { AccessActions } from './actions.js';
import { myAccessRoutes } from './my-access.js';
import { requestAccess } from './request-access.js';
import { askOf, errorsOfRefusal, RequestFormBody, typedOf, type Typed } from './request-pages-form.js';
import { approvalInWords } from './request-pages-policy.js';
import {
  defaultDuration,
  durationChoices,
  kindText,
  notRequestableReason,
  principalNames,
  scopeOf,
} from './request-pages-model.js';
import { entitlementHref, renderEntitlementPage, renderSearchPage, type RequestForm } from './request-pages-views.js';

export interface RequesterPageDeps {
  db: Kysely<CatalogSchema>;
  actions: AccessActions;
  temporal: () => AccessTemporal;
  temporalUi: TemporalUi;
}

const REQUESTER_PAGE = requirePage('requester');
const SearchQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })) });
const EntitlementParams = Type.Object({
  connectorId: Type.String({ maxLength: 200 }),
  /** The entitlement's id (a param name of its own: ids like group:…:member are not the policies' `default`). */
  entitlement: Type.String({ maxLength: 400 }),
});

export const requesterPageRoutes: FastifyPluginAsyncTypebox<{ deps: RequesterPageDeps }> = async (app, { deps }) => {
  const { db, temporal } = deps;
  await app.register(formBody);
  installPageHeaders(app);

  app.get(
    '/request',
    { config: REQUESTER_PAGE, schema: { hide: true, querystring: SearchQuery } },
    async (request, reply) => {
      const query = (request.query.q ?? '').trim().slice(0, 100);
      const scope = scopeOf(request.principal);
      const hits = scope && query ? await searchEntitlements(db, scope, query, undefined, requesterOf(request)) : [];
      return sendPage(reply, 200, renderSearchPage(viewerOf(request)!, query, hits));
    },
  );

  app.get(
    '/request/search',
    { config: REQUESTER_PAGE, schema: { hide: true, querystring: SearchQuery } },
    async (request) => {
      const scope = scopeOf(request.principal);
      const hits = scope
        ? await searchEntitlements(db, scope, request.query.q ?? '', undefined, requesterOf(request))
        : [];
      return {
        items: hits.map((hit) => {
          const reason = notRequestableReason(hit);
          return {
            connectorId: hit.connectorId,
            entitlementId: hit.entitlementId,
            displayName: hit.displayName,
            resourceName: hit.resourceName,
            kind: hit.kind,
            kindText: kindText(hit),
            requestable: reason === null,
            reason,
            href: entitlementHref(hit),
          };
        }),
      };
    },
  );

  /** The entitlement page's content, with the form as typed (or its defaults); null when the viewer may not see it. */
  async function entitlementPage(
    principal: Principal | null,
    connectorId: string,
    entitlementId: string,
    typed?: Partial<Typed> & { errors: RequestForm['errors'] },
  ) {
    const scope = scopeOf(principal);
    const hit = scope && (await findEntitlementInScope(db, scope, connectorId, entitlementId));
    if (!hit) return null;
    const [policy, ownerIds] = await Promise.all([
      effectivePolicy(db, connectorId, entitlementId),
      entitlementOwners(db, connectorId, entitlementId),
    ]);
    const durations = policy ? durationChoices(policy.maxDurationSeconds) : [];
    const viewerId = principal?.subject;
    const approval = policy ? await approvalInWords(db, policy, entitlementId, viewerId) : null;
    return {
      hit,
      owners: await principalNames(db, connectorId, ownerIds),
      policy: policy && {
        maxDurationSeconds: policy.maxDurationSeconds,
        approval: policy.approvalRequired
          ? approval?.path
            ? `Needed: ${approval.path}.`
            : 'Needed, from one of:'
          : 'Not needed: access is granted at once.',
        approvers: approval?.stages ?? [],
        allowGuests: policy.allowGuests,
        eligibility: policy.eligibility ? await describeEligibility(db, connectorId, policy.eligibility) : null,
        breakGlass: policy.breakGlass,
      },
      notEligible: policy && viewerId ? await refusalFor(connectorId, viewerId, policy.eligibility) : null,
      durations,
      form: {
        justification: typed?.justification ?? '',
        ticket: typed?.ticket ?? '',
        startAt: typed?.startAt ?? '',
        tz: typed?.tz ?? '',
        breakGlass: typed?.breakGlass ?? false,
        errors: typed?.errors ?? {},
        durationSeconds: typed?.durationSeconds ?? defaultDuration(durations),
      },
    };
  }

  /** Why the viewer may not request it under the policy's eligibility (the rule in words), or null. */
  async function refusalFor(connectorId: string, viewerId: string, rule: Parameters<typeof eligibilityRefusal>[3]) {
    if (!rule) return null;
    const person = await findRequestPrincipal(db, connectorId, viewerId);
    const userType = person?.user_type === 'Member' || person?.user_type === 'Guest' ? person.user_type : null;
    return eligibilityRefusal(db, connectorId, { id: viewerId, userType }, rule);
  }

  app.get(
    '/request/:connectorId/:entitlement',
    { config: REQUESTER_PAGE, schema: { hide: true, params: EntitlementParams } },
    async (request, reply) => {
      const { connectorId, entitlement: entitlementId } = request.params;
      const page = await entitlementPage(request.principal, connectorId, entitlementId);
      if (!page) return notFound(reply);
      return sendPage(reply, 200, renderEntitlementPage(viewerOf(request)!, page));
    },
  );

  app.post(
    '/request/:connectorId/:entitlement',
    { config: REQUESTER_PAGE, schema: { hide: true, params: EntitlementParams, body: RequestFormBody } },
    async (request, reply) => {
      const { connectorId, entitlement: entitlementId } = request.params;
      const typed = typedOf(request.body);
      const reshow = async (status: number, errors: RequestForm['errors']) => {
        const page = await entitlementPage(request.principal, connectorId, entitlementId, { ...typed, errors });
        if (!page) return notFound(reply);
        return sendPage(reply, status, renderEntitlementPage(viewerOf(request)!, page));
      };
      const scope = scopeOf(request.principal);
      if (!scope || !(await findEntitlementInScope(db, scope, connectorId, entitlementId))) return notFound(reply);
      const checked = askOf(entitlementId, typed);
      if ('errors' in checked) return reshow(400, checked.errors);
      try {
        await requestAccess(db, temporal, request.principal, connectorId, checked.ask);
        return reply.redirect('/access?done=requested', 303);
      } catch (error) {
        if (!(error instanceof ApiError) || error.statusCode >= 500) throw error;
        return reshow(error.statusCode, errorsOfRefusal(error));
      }
    },
  );

  await app.register(myAccessRoutes, { deps });
};

/** Who would receive what the search offers: the signed-in person (eligibility is theirs), if the credential names one. */
const requesterOf = (request: FastifyRequest): string | undefined => request.principal?.subject ?? undefined;

function notFound(reply: FastifyReply): FastifyReply {
  return refuse(reply, {
    status: 404,
    title: 'Not found',
    message: 'There is no such entitlement in your organisation, or it is not yours to request.',
    next: { href: '/request', label: 'Back to Request access' },
  });
}
