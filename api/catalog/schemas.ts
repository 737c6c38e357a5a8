// Query and item schemas of the catalog API. Enum filters are listed here so the OpenAPI document shows the values;
// the catalog queries validate them again (they are also called from workflows and tools).
import { Type, type TLiteral, type TUnion } from '@sinclair/typebox';
import { Paging, pageOf } from '../http/schemas.js';

const oneOf = <T extends string>(values: readonly T[], description: string): TUnion<TLiteral<T>[]> =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    { description },
  );
const nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);
const Text = Type.String();
const Search = Type.Optional(Type.String({ maxLength: 256, description: 'Case-insensitive text to find' }));
const Match = Type.Optional(oneOf(['prefix', 'contains'], 'How search matches (default contains)'));
const Attributes = Type.Record(Type.String(), Type.Unknown());
const ObjectId = Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9][A-Za-z0-9_.:~-]*$' });
const ResourceTypeFilter = Type.Optional(oneOf(['group', 'application', 'directoryRole'], 'Only this resource type'));
const HowFilter = Type.Optional(oneOf(['direct', 'viaGroup'], 'Only direct grants, or only grants through a group'));

export const PrincipalQuery = Type.Object(
  {
    ...Paging,
    search: Search,
    match: Match,
    kind: Type.Optional(oneOf(['user', 'managedIdentity', 'servicePrincipal'], 'Principal kind')),
    userType: Type.Optional(oneOf(['Member', 'Guest'], 'Users only: members or guests')),
    enabled: Type.Optional(Type.Boolean({ description: 'Only enabled (true) or disabled (false) accounts' })),
  },
  { additionalProperties: false },
);

export const ResourceQuery = Type.Object(
  {
    ...Paging,
    search: Search,
    match: Match,
    immutable: Type.Optional(
      Type.Boolean({ description: 'Only objects Entra will (false) or will not (true) let anyone change' }),
    ),
  },
  { additionalProperties: false },
);

export const ApplicationQuery = Type.Object(
  {
    ...ResourceQuery.properties,
    origin: Type.Optional(oneOf(['ownTenant', 'microsoft', 'thirdParty'], 'Who publishes the application')),
  },
  { additionalProperties: false },
);

export const EntitlementQuery = Type.Object(
  {
    ...Paging,
    resourceId: Type.Optional(ObjectId),
    resourceType: ResourceTypeFilter,
    kind: Type.Optional(oneOf(['member', 'owner', 'appRole', 'roleMember'], 'Entitlement kind')),
    requestable: Type.Optional(
      Type.Boolean({ description: 'Only entitlements Lantern can (true) or cannot (false) grant' }),
    ),
  },
  { additionalProperties: false },
);

export const GrantQuery = Type.Object(
  {
    ...Paging,
    principalId: Type.Optional(ObjectId),
    entitlementId: Type.Optional(ObjectId),
    how: HowFilter,
  },
  { additionalProperties: false },
);

export const PrincipalAccessQuery = Type.Object(
  { ...Paging, resourceType: ResourceTypeFilter },
  { additionalProperties: false },
);
export const ResourceAccessQuery = Type.Object(
  { ...Paging, entitlementId: Type.Optional(ObjectId), how: HowFilter },
  { additionalProperties: false },
);

export const DiscoveredAppQuery = Type.Object(
  {
    ...Paging,
    search: Search,
    riskyOnly: Type.Optional(Type.Boolean({ description: 'Only apps granted risky scopes' })),
    sort: Type.Optional(oneOf(['consentingUsers', 'name'], 'Most consenting users first (default), or by name')),
    // Shadow-app triage (issue 14): apps nobody triaged yet are `new`.
    state: Type.Optional(oneOf(['new', 'authorized', 'ignored', 'revoked'], 'Triage state')),
  },
  { additionalProperties: false },
);

export const SyncRunQuery = Type.Object(
  {
    ...Paging,
    status: Type.Optional(oneOf(['running', 'succeeded', 'failed'], 'Run status')),
    mode: Type.Optional(oneOf(['full', 'delta'], 'Full or incremental sync')),
  },
  { additionalProperties: false },
);

export const PrincipalParams = Type.Object({ id: ObjectId, principalId: ObjectId });
export const ResourceParams = Type.Object({ id: ObjectId, resourceId: ObjectId });

const Principal = Type.Object({
  id: Text,
  kind: Text,
  displayName: Text,
  userPrincipalName: nullable(Text),
  mail: nullable(Text),
  userType: nullable(Text),
  accountEnabled: Type.Boolean(),
  department: nullable(Text),
  jobTitle: nullable(Text),
  employeeId: nullable(Text),
  employeeType: nullable(Text),
  managerId: nullable(Text),
  lastSignInAt: nullable(Text),
  attributes: Attributes,
  syncedAt: Text,
});
const Resource = Type.Object({
  id: Text,
  type: Text,
  displayName: Text,
  description: nullable(Text),
  immutable: Type.Boolean(),
  immutableReason: nullable(Text),
  attributes: Attributes,
});
const Entitlement = Type.Object({
  id: Text,
  resourceId: Text,
  resourceType: Text,
  resourceName: nullable(Text),
  kind: Text,
  displayName: Text,
  appRoleId: nullable(Text),
  immutable: Type.Boolean(),
  requestable: Type.Boolean(),
});
const Grant = Type.Object({
  entitlementId: Text,
  principalId: Text,
  principalKind: Text,
  how: Text,
  viaGroupId: nullable(Text),
  sourceId: nullable(Text),
});
const Access = Type.Object({
  entitlementId: Text,
  entitlementName: nullable(Text),
  kind: nullable(Text),
  resourceId: nullable(Text),
  resourceType: nullable(Text),
  resourceName: nullable(Text),
  how: Text,
  viaGroupId: nullable(Text),
  viaGroupName: nullable(Text),
});
const Holder = Type.Object({
  principalId: Text,
  principalKind: Text,
  principalName: nullable(Text),
  userPrincipalName: nullable(Text),
  entitlementId: Text,
  entitlementName: Text,
  how: Text,
  viaGroupId: nullable(Text),
  viaGroupName: nullable(Text),
});
const DiscoveredApp = Type.Object({
  appId: Text,
  servicePrincipalId: nullable(Text),
  displayName: Text,
  publisher: nullable(Text),
  verifiedPublisher: Type.Boolean(),
  scopes: Type.Array(Text),
  riskyScopes: Type.Array(Text),
  consentingUsers: Type.Integer(),
  lastUsedAt: nullable(Text),
  firstSeenAt: Text,
  triage: Type.Object({
    state: Text,
    ownerId: nullable(Text),
    note: Text,
    decidedBy: nullable(Text),
    decidedAt: nullable(Text),
  }),
});
const SyncRun = Type.Object({
  id: Text,
  connectorId: Text,
  generation: Type.Integer(),
  workflowId: nullable(Text),
  runId: nullable(Text),
  mode: Text,
  status: Text,
  startedAt: Text,
  finishedAt: nullable(Text),
  durationMs: Type.Union([Type.Number(), Type.Null()]),
  counts: Type.Record(Type.String(), Type.Number()),
  requests: Type.Integer(),
  resourceUnits: Type.Number(),
  throttled: Type.Integer(),
  error: nullable(Text),
});

export const PrincipalPage = pageOf(Principal, 'Users, managed identities and service principals');
export const PrincipalItem = Principal;
export const ResourcePage = pageOf(Resource, 'Groups, applications or directory roles');
export const EntitlementPage = pageOf(Entitlement, 'Entitlements');
export const GrantPage = pageOf(Grant, 'Grants');
export const AccessPage = pageOf(Access, 'What the principal can access');
export const HolderPage = pageOf(Holder, 'Who can access the resource');
export const DiscoveredAppPage = pageOf(DiscoveredApp, 'Discovered (shadow) apps');
export const SyncRunPage = pageOf(SyncRun, 'Sync runs, newest first');
