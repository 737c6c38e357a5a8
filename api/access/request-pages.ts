// Request access for people: /request (search, also as JSON for the typeahead), /request/:connectorId/:entitlementId
// (what it grants, its policy, the form). A request goes through requestAccess, the same function as the JSON API, so
// a refusal there is the same rule here, shown as the form again with what to fix. Also registers My access.
import formBody from '@fastify/formbody';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import { findEntitlementInScope, searchEntitlements } from '../../catalog/access/entitlement-search.js';
import { effectivePolicy, entitlementOwners } from '../../catalog/access/policies.js';
import type { CatalogSchema } from '../../catalog/index.js';
import type { AccessTemporal } from '../../temporal/clients/access.js';
import { requirePage, type Principal } from '../http/auth.js';
import { ApiError } from '../http/errors.js';
import { installPageHeaders, refuse, sendPage, viewerOf } from '../pages/page.js';
import type { TemporalUi } from '../pages/temporal-ui.js';
import type { AccessActions } from './actions.js';
import { myAccessRoutes } from './my-access.js';
import { AccessAskSchema, requestAccess } from './request-access.js';
import {
  approversInWords,
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
const FormText = Type.Optional(Type.String({ maxLength: 10_000 }));
const RequestFormBody = Type.Object(
  { durationSeconds: FormText, justification: FormText, ticket: FormText, _csrf: FormText },
  { additionalProperties: false },
);

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
      const hits = scope && query ? await searchEntitlements(db, scope, query) : [];
      return sendPage(reply, 200, renderSearchPage(viewerOf(request)!, query, hits));
    },
  );

  app.get(
    '/request/search',
    { config: REQUESTER_PAGE, schema: { hide: true, querystring: SearchQuery } },
    async (request) => {
      const scope = scopeOf(request.principal);
      const hits = scope ? await searchEntitlements(db, scope, request.query.q ?? '') : [];
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
    typed?: Omit<RequestForm, 'durationSeconds'> & { durationSeconds?: number },
  ) {
    const scope = scopeOf(principal);
    const hit = scope && (await findEntitlementInScope(db, scope, connectorId, entitlementId));
    if (!hit) return null;
    const [policy, ownerIds] = await Promise.all([
      effectivePolicy(db, connectorId, entitlementId),
      entitlementOwners(db, connectorId, entitlementId),
    ]);
    const durations = policy ? durationChoices(policy.maxDurationSeconds) : [];
    const approvers = policy?.approvalRequired
      ? await approversInWords(db, policy, entitlementId, principal?.subject)
      : [];
    return {
      hit,
      owners: await principalNames(db, connectorId, ownerIds),
      policy: policy && {
        maxDurationSeconds: policy.maxDurationSeconds,
        approval: policy.approvalRequired ? 'Needed, from one of:' : 'Not needed: access is granted at once.',
        approvers,
        allowGuests: policy.allowGuests,
      },
      durations,
      form: {
        justification: typed?.justification ?? '',
        ticket: typed?.ticket ?? '',
        errors: typed?.errors ?? {},
        durationSeconds: typed?.durationSeconds ?? defaultDuration(durations),
      },
    };
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
      const typed = {
        durationSeconds: Number(request.body.durationSeconds ?? ''),
        justification: (request.body.justification ?? '').trim(),
        ticket: (request.body.ticket ?? '').trim(),
      };
      const ask = {
        entitlementId,
        durationSeconds: typed.durationSeconds,
        justification: typed.justification,
        ...(typed.ticket ? { ticket: typed.ticket } : {}),
      };
      const reshow = async (status: number, errors: RequestForm['errors']) => {
        const page = await entitlementPage(request.principal, connectorId, entitlementId, { ...typed, errors });
        if (!page) return notFound(reply);
        return sendPage(reply, status, renderEntitlementPage(viewerOf(request)!, page));
      };
      const scope = scopeOf(request.principal);
      if (!scope || !(await findEntitlementInScope(db, scope, connectorId, entitlementId))) return notFound(reply);
      const errors = formErrors(ask);
      if (Object.keys(errors).length) return reshow(400, errors);
      try {
        await requestAccess(db, temporal, request.principal, connectorId, ask);
        return reply.redirect('/access?done=requested', 303);
      } catch (error) {
        if (!(error instanceof ApiError) || error.statusCode >= 500) throw error;
        const field = error.code === 'max_duration' ? 'durationSeconds' : 'form';
        return reshow(error.statusCode, { [field]: error.message });
      }
    },
  );

  await app.register(myAccessRoutes, { deps });
};

/** What to fix, per field, when the form breaks the request schema the API uses (AccessAskSchema). */
function formErrors(ask: Record<string, unknown>): RequestForm['errors'] {
  const errors: RequestForm['errors'] = {};
  for (const error of Value.Errors(AccessAskSchema, ask)) {
    const name = error.path.replace(/^\//, '');
    if (name === 'durationSeconds') errors.durationSeconds ??= 'Choose how long you need it from the list.';
    else if (name === 'justification')
      errors.justification ??= ask.justification
        ? 'Keep the justification under 2000 characters.'
        : 'Say why you need it: the approvers read this.';
    else if (name === 'ticket') errors.ticket ??= 'Keep the ticket under 200 characters.';
    else errors.form ??= 'This entitlement cannot be requested from this page.';
  }
  return errors;
}

function notFound(reply: FastifyReply): FastifyReply {
  return refuse(reply, {
    status: 404,
    title: 'Not found',
    message: 'There is no such entitlement in your organisation, or it is not yours to request.',
    next: { href: '/request', label: 'Back to Request access' },
  });
}
