// Request and response schemas of the connector API.
import { Type } from '@sinclair/typebox';
import { PERMISSION_SET_NAMES, PROVISIONING_MODES } from '../../domain/connector.js';
import { oneOf } from '../http/schemas.js';

export const GUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const DOMAIN_PATTERN = /^(?=.{4,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

export const isTenantReference = (value: string): boolean =>
  new RegExp(GUID_PATTERN).test(value) || DOMAIN_PATTERN.test(value);

export const MIN_SYNC_INTERVAL = 5;
export const MAX_SYNC_INTERVAL = 7 * 24 * 60;

const SyncInterval = Type.Integer({
  minimum: MIN_SYNC_INTERVAL,
  maximum: MAX_SYNC_INTERVAL,
  description: `Minutes between syncs (${MIN_SYNC_INTERVAL} to ${MAX_SYNC_INTERVAL}; default 60). Delta syncs make short intervals cheap.`,
});

const CustomCloud = Type.Object(
  {
    authorityHost: Type.Optional(Type.String({ maxLength: 500 })),
    graphBaseUrl: Type.Optional(Type.String({ maxLength: 500 })),
    graphScope: Type.Optional(Type.String({ maxLength: 500 })),
  },
  {
    additionalProperties: false,
    description: 'Custom endpoints: all three together (https URLs and a .default scope)',
  },
);

const Cloud = Type.Union(
  [Type.Null(), Type.String({ maxLength: 20, description: 'global | usGov | usGovDoD | china' }), CustomCloud],
  {
    description: 'National cloud name, custom endpoints, or null for the server default (LANTERN_ENTRA_CLOUD)',
  },
);

const OptionFields = {
  permissionSet: Type.Optional(
    oneOf(PERMISSION_SET_NAMES, {
      description: 'readOnly: sync only. readWrite: also lets Lantern grant and revoke access (just-in-time access)',
    }),
  ),
  skipOnPremisesSyncedGroups: Type.Optional(
    Type.Boolean({ description: 'Do not sync groups mastered in on-premises AD' }),
  ),
  includeSignInActivity: Type.Optional(
    Type.Boolean({ description: 'Read sign-in activity (needs Entra ID P1/P2 and AuditLog.Read.All)' }),
  ),
  skipAppsWithoutAssignments: Type.Optional(
    Type.Boolean({ description: 'Skip enterprise apps nobody is assigned to' }),
  ),
  cloud: Type.Optional(Cloud),
  provisioning: Type.Optional(
    oneOf(PROVISIONING_MODES, {
      description:
        'How just-in-time access is granted (readWrite only). direct (default): Graph writes. pim: directory roles and ' +
        'group members/owners become PIM active assignments that expire in Entra too (needs Entra ID P2 and the PIM ' +
        'schedule permissions); app role assignments stay direct',
    }),
  ),
};

export const OptionsInput = Type.Object(OptionFields, { additionalProperties: false });

export const CreateConnectorBody = Type.Object(
  {
    displayName: Type.String({ minLength: 1, maxLength: 200 }),
    tenantId: Type.String({
      minLength: 1,
      maxLength: 253,
      description: 'Tenant GUID or one of its verified domains (e.g. contoso.onmicrosoft.com)',
    }),
    syncIntervalMinutes: Type.Optional(SyncInterval),
    options: Type.Optional(OptionsInput),
  },
  { additionalProperties: false },
);

export const UpdateConnectorBody = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    syncIntervalMinutes: Type.Optional(SyncInterval),
    options: Type.Optional(OptionsInput),
  },
  { additionalProperties: false, minProperties: 1 },
);

const CloudView = Type.Union([
  Type.Null(),
  Type.String(),
  Type.Object({ authorityHost: Type.String(), graphBaseUrl: Type.String(), graphScope: Type.String() }),
]);

export const ConnectorView = Type.Object(
  {
    id: Type.String(),
    displayName: Type.String(),
    tenantId: Type.Union([Type.String(), Type.Null()]),
    status: Type.String(),
    syncIntervalMinutes: Type.Integer(),
    options: Type.Object({
      permissionSet: Type.String(),
      skipOnPremisesSyncedGroups: Type.Boolean(),
      includeSignInActivity: Type.Boolean(),
      skipAppsWithoutAssignments: Type.Boolean(),
      cloud: CloudView,
      provisioning: Type.String({ description: 'direct | pim' }),
    }),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Connector' },
);

const RunRef = Type.Object({ workflowId: Type.String(), runId: Type.String() });

export const ScheduleView = Type.Object({
  scheduleId: Type.String(),
  paused: Type.Boolean(),
  note: Type.Union([Type.String(), Type.Null()]),
  intervalMinutes: Type.Union([Type.Integer(), Type.Null()]),
  nextRunAt: Type.Union([Type.String(), Type.Null()]),
  lastRunAt: Type.Union([Type.String(), Type.Null()]),
  running: Type.Array(RunRef),
  skippedOverlaps: Type.Integer(),
});

export const LastSyncRun = Type.Object({
  id: Type.String(),
  mode: Type.String(),
  status: Type.String(),
  startedAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
  durationMs: Type.Union([Type.Number(), Type.Null()]),
  counts: Type.Record(Type.String(), Type.Number()),
  requests: Type.Number(),
  throttled: Type.Number(),
  error: Type.Union([Type.String(), Type.Null()]),
});

export const ConnectorDetail = Type.Intersect([
  ConnectorView,
  Type.Object({
    schedule: Type.Union([ScheduleView, Type.Null()], {
      description: 'The sync schedule as Temporal reports it; null when it is missing',
    }),
    scheduleError: Type.Optional(
      Type.String({ description: 'Why the schedule could not be read (Temporal unavailable)' }),
    ),
    lastSyncRun: Type.Union([LastSyncRun, Type.Null()]),
  }),
]);

export const ConnectorListQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100, description: 'Page size' }),
  after: Type.Optional(
    Type.String({ minLength: 1, maxLength: 200, description: 'Return connectors whose id sorts after this one' }),
  ),
});

export const ConnectorList = Type.Object({
  items: Type.Array(ConnectorView),
  nextAfter: Type.Union([Type.String(), Type.Null()], {
    description: 'Pass as ?after= for the next page; null at the end',
  }),
});

export const SyncRequested = Type.Object({
  connectorId: Type.String(),
  scheduleId: Type.String(),
  started: Type.Boolean({ description: 'false when a sync was already running (overlap skip): that run is listed' }),
  running: Type.Array(RunRef),
  find: Type.Object({
    syncRuns: Type.String({ description: "API listing of this connector's sync runs, newest first" }),
    temporalQuery: Type.String({ description: 'Visibility query for the Temporal UI' }),
  }),
});
