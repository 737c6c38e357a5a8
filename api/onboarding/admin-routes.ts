// Admin API of onboarding: create an OAuth-mode connector (row + onboardConnector workflow), read its status, and
// resend the invitation, cancel, or restart an expired/cancelled setup.
import { randomUUID } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { getConnector, insertConnector } from '../../catalog/connectors.js';
import { onboardingWorkflowId, STAGES, type OnboardConnectorInput } from '../../workflows/onboarding/messages.js';
import { requireRole } from '../http/auth.js';
import type { AppDeps } from '../deps.js';
import { ApiError, apiErrors } from '../http/errors.js';
import type { OnboardingDeps } from './deps.js';
import {
  DEFAULT_CONNECTOR_OPTIONS,
  PERMISSION_SET_NAMES,
  type ConnectorOptions,
  type PermissionSetName,
} from '../../domain/connector.js';
import { oneOf } from '../http/schemas.js';

export const CreateBody = Type.Object({
  displayName: Type.String({ minLength: 1, maxLength: 200 }),
  owners: Type.Array(Type.String({ format: 'email', maxLength: 320 }), {
    minItems: 1,
    maxItems: 20,
    description: 'Integration owners (email)',
  }),
  permissionSet: Type.Optional(oneOf(PERMISSION_SET_NAMES)),
  includeSignInActivity: Type.Optional(Type.Boolean()),
  syncIntervalMinutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 10080 })),
});
const Params = Type.Object({ connectorId: Type.String({ minLength: 1, maxLength: 200 }) });
const CancelBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) });
const Started = Type.Object({ connectorId: Type.String(), workflowId: Type.String(), runId: Type.String() });
const Status = Type.Object(
  {
    connectorId: Type.String(),
    displayName: Type.String(),
    stage: Type.String({ description: STAGES.join(' | ') }),
    owners: Type.Array(Type.String()),
    tenantId: Type.Union([Type.String(), Type.Null()]),
    tenantName: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    tenantDomain: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    consentedBy: Type.Optional(
      Type.Union([Type.Object({ upn: Type.String(), objectId: Type.String() }), Type.Null()], {
        description: 'The Global Administrator who granted admin consent',
      }),
    ),
    missingPermissions: Type.Array(Type.String()),
    problem: Type.Union([Type.String(), Type.Null()]),
    expiresAt: Type.String(),
    remindersSent: Type.Integer(),
  },
  { additionalProperties: true },
);

const notConfigured = () => apiErrors.unavailable('Onboarding is not configured for this API process.');
const alreadyRunning = (id: string) =>
  new ApiError(409, 'conflict', `Connector ${id} already has a setup in progress.`);

export const onboardingAdminRoutes: FastifyPluginAsyncTypebox<{
  deps: AppDeps;
  onboarding: OnboardingDeps | undefined;
}> = async (app, { deps, onboarding }) => {
  const tags = ['onboarding'];
  app.post(
    '/api/v1/onboardings',
    {
      config: requireRole('admin'),
      schema: {
        tags,
        summary: 'Create an OAuth-mode connector and email its owners',
        body: CreateBody,
        response: { 201: Started },
      },
    },
    async (request, reply) => {
      const started = await startOnboarding(deps, onboarding, request.principal?.id ?? 'unknown', request.body);
      return reply.code(201).send(started);
    },
  );

  app.get(
    '/api/v1/onboardings/:connectorId',
    {
      config: requireRole('admin'),
      schema: { tags, summary: "Where a connector's setup is", params: Params, response: { 200: Status } },
    },
    async (request) => {
      const status = await onboarding?.temporal.status(request.params.connectorId);
      if (!status) throw apiErrors.notFound(`Setup of connector ${request.params.connectorId}`);
      return status;
    },
  );

  app.post(
    '/api/v1/onboardings/:connectorId/resend',
    {
      config: requireRole('admin'),
      schema: {
        tags,
        summary: 'Email the owners their setup link again',
        params: Params,
        response: { 202: Type.Null() },
      },
    },
    async (request, reply) => {
      await resendOnboarding(onboarding, request.params.connectorId, request.principal?.id ?? 'unknown');
      return reply.code(202).send(null);
    },
  );

  app.post(
    '/api/v1/onboardings/:connectorId/cancel',
    {
      config: requireRole('admin'),
      schema: { tags, summary: 'Cancel a setup', params: Params, body: CancelBody, response: { 202: Type.Null() } },
    },
    async (request, reply) => {
      await cancelOnboarding(
        onboarding,
        request.params.connectorId,
        request.principal?.id ?? 'unknown',
        request.body.reason,
      );
      return reply.code(202).send(null);
    },
  );

  app.post(
    '/api/v1/onboardings/:connectorId/restart',
    {
      config: requireRole('admin'),
      schema: {
        tags,
        summary: 'Start an expired or cancelled setup again',
        params: Params,
        response: { 201: Started },
      },
    },
    async (request, reply) => {
      const started = await restartOnboarding(
        deps,
        onboarding,
        request.principal?.id ?? 'unknown',
        request.params.connectorId,
      );
      return reply.code(201).send(started);
    },
  );
};

// The actions behind the routes, shared with the admin pages (api/onboarding/admin-pages.ts): one set of rules.

/** Stores the connector (status onboarding, no tenant yet) and starts onboardConnector, which emails the owners. */
export async function startOnboarding(
  deps: AppDeps,
  onboarding: OnboardingDeps | undefined,
  requestedBy: string,
  body: CreateOnboardingBody,
): Promise<Static<typeof Started>> {
  if (!onboarding) throw notConfigured();
  const connectorId = randomUUID();
  const options: ConnectorOptions = {
    ...DEFAULT_CONNECTOR_OPTIONS,
    // The schema admits only PERMISSION_SET_NAMES; Static<> of the literal union widens to string.
    permissionSet: (body.permissionSet as PermissionSetName | undefined) ?? 'readOnly',
    includeSignInActivity: body.includeSignInActivity ?? false,
    syncIntervalMinutes: body.syncIntervalMinutes ?? DEFAULT_CONNECTOR_OPTIONS.syncIntervalMinutes,
  };
  await insertConnector(deps.catalog.db, {
    id: connectorId,
    displayName: body.displayName,
    tenantId: null,
    status: 'onboarding',
    options,
  });
  const started = await onboarding.temporal.start(
    inputFor(onboarding, requestedBy, connectorId, body.displayName, [...new Set(body.owners)], options),
  );
  return { connectorId, ...started };
}

/** Starts an expired or cancelled setup again with its owners and options (409 while one is in progress). */
export async function restartOnboarding(
  deps: AppDeps,
  onboarding: OnboardingDeps | undefined,
  requestedBy: string,
  connectorId: string,
): Promise<Static<typeof Started>> {
  if (!onboarding) throw notConfigured();
  const [status, connector] = await Promise.all([
    onboarding.temporal.status(connectorId),
    getConnector(deps.catalog.db, connectorId),
  ]);
  if (!status || !connector) throw apiErrors.notFound(`Setup of connector ${connectorId}`);
  if (status.stage !== 'expired' && status.stage !== 'cancelled')
    throw new ApiError(
      409,
      'conflict',
      `The setup is at "${status.stage}": only an expired or cancelled setup can be restarted.`,
    );
  try {
    const started = await onboarding.temporal.start(
      inputFor(onboarding, requestedBy, connectorId, status.displayName, status.owners, connector.options),
    );
    return { connectorId, ...started };
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) throw alreadyRunning(connectorId);
    throw error;
  }
}

export async function resendOnboarding(
  onboarding: OnboardingDeps | undefined,
  connectorId: string,
  requestedBy: string,
): Promise<void> {
  if (!onboarding) throw notConfigured();
  await signalOrNotFound(connectorId, () => onboarding.temporal.resend(connectorId, requestedBy));
}

export async function cancelOnboarding(
  onboarding: OnboardingDeps | undefined,
  connectorId: string,
  requestedBy: string,
  reason: string | undefined,
): Promise<void> {
  if (!onboarding) throw notConfigured();
  await signalOrNotFound(connectorId, () =>
    onboarding.temporal.cancel(connectorId, requestedBy, reason || 'cancelled by an administrator'),
  );
}

function inputFor(
  onboarding: OnboardingDeps,
  requestedBy: string,
  connectorId: string,
  displayName: string,
  owners: string[],
  options: Pick<typeof DEFAULT_CONNECTOR_OPTIONS, 'permissionSet' | 'includeSignInActivity' | 'syncIntervalMinutes'>,
): OnboardConnectorInput {
  return {
    connectorId,
    displayName,
    owners,
    permissionSet: options.permissionSet,
    includeSignInActivity: options.includeSignInActivity,
    syncIntervalMinutes: options.syncIntervalMinutes,
    timings: onboarding.timings,
    requestedBy,
  };
}

async function signalOrNotFound(connectorId: string, send: () => Promise<void>): Promise<void> {
  try {
    await send();
  } catch (error) {
    if (error instanceof WorkflowNotFoundError)
      throw apiErrors.notFound(`A running setup of connector ${connectorId} (${onboardingWorkflowId(connectorId)})`);
    throw error;
  }
}

export type CreateOnboardingBody = Static<typeof CreateBody>;
