// Which properties each Graph type declares (graph-v1-types.json, copied from shared/data) and which of them a
// collection returns without $select. Responses are projected through this so they never carry a property
// Microsoft does not publish.
import { readFileSync } from 'node:fs';
import { NEVER_RETURNED, SELECT_ONLY, unsetValue } from './default-properties.js';

interface TypesFile {
  entityTypes: Record<string, { properties: string[]; navigationProperties: string[] }>;
}

const file = JSON.parse(readFileSync(new URL('./graph-v1-types.json', import.meta.url), 'utf8')) as TypesFile;

export type GraphType =
  | 'user'
  | 'group'
  | 'servicePrincipal'
  | 'directoryRole'
  | 'appRoleAssignment'
  | 'oAuth2PermissionGrant'
  | 'organization'
  | 'unifiedRoleAssignment'
  | 'unifiedRoleDefinition'
  | 'synchronizationJob'
  | 'signIn'
  | 'device'
  | 'orgContact';

/** Types deriving from directoryObject (CSDL: appRoleAssignment is one too, so it carries deletedDateTime). */
const DIRECTORY_OBJECTS = new Set<GraphType>([
  'user',
  'group',
  'servicePrincipal',
  'directoryRole',
  'appRoleAssignment',
  'device',
  'orgContact',
]);

export interface TypeSchema {
  name: GraphType;
  /** Every declared property, base types included. */
  properties: ReadonlySet<string>;
  /** Lower-case name → declared spelling (Graph matches $select/$filter names case-insensitively). */
  canonical: ReadonlyMap<string, string>;
  navigation: ReadonlySet<string>;
  /** Properties returned when there is no $select: every declared one but the $select-only ones (users: a short list). */
  defaults?: readonly string[];
  /** Properties only returned when asked for by $select. */
  selectOnly: ReadonlySet<string>;
  /** Declared, $filter-only properties that are not returned even when selected. */
  neverReturned?: ReadonlySet<string>;
}

const USER_DEFAULTS = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
];

/** Served by SharePoint for one user at a time: asking for them on a collection is 501 (user-list.md). */
export const SINGLE_USER_ONLY = new Set([
  'aboutMe',
  'birthday',
  'hireDate',
  'interests',
  'mySite',
  'pastProjects',
  'preferredName',
  'responsibilities',
  'schools',
  'skills',
  'mailboxSettings',
]);

const cache = new Map<GraphType, TypeSchema>();

export function schemaOf(type: GraphType): TypeSchema {
  const hit = cache.get(type);
  if (hit) return hit;
  const declared = file.entityTypes[type];
  if (!declared) throw new Error(`graph-v1-types.json has no type '${type}'`);
  const properties = new Set([
    'id',
    ...(DIRECTORY_OBJECTS.has(type) ? ['deletedDateTime'] : []),
    ...declared.properties,
  ]);
  const schema: TypeSchema = {
    name: type,
    properties,
    canonical: new Map([...properties].map((p) => [p.toLowerCase(), p])),
    navigation: new Set(declared.navigationProperties),
    selectOnly: new Set(SELECT_ONLY[type] ?? []),
    neverReturned: new Set(NEVER_RETURNED[type] ?? []),
  };
  // Graph's order: id, deletedDateTime, then the type's own properties.
  schema.defaults =
    type === 'user'
      ? USER_DEFAULTS
      : [...properties].filter((p) => !schema.selectOnly.has(p) && !schema.neverReturned!.has(p));
  cache.set(type, schema);
  return schema;
}

/** Projects a stored record onto the requested (or default) property list, Graph-style: declared names only. */
export function project(
  record: object,
  schema: TypeSchema,
  select: readonly string[] | undefined,
): Record<string, unknown> {
  const source = record as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const name of select ?? schema.defaults ?? [...schema.properties]) {
    if (schema.neverReturned?.has(name)) continue;
    out[name] = source[name] ?? unsetValue(name);
  }
  return out;
}

let directoryObjectSchema: TypeSchema | undefined;

/** For directoryObject collections (members, owners): options are checked against any member type's properties. */
export function directoryObjectUnion(): TypeSchema {
  if (directoryObjectSchema) return directoryObjectSchema;
  const parts = (['user', 'group', 'servicePrincipal', 'device', 'orgContact'] as const).map(schemaOf);
  const properties = new Set(parts.flatMap((p) => [...p.properties]));
  directoryObjectSchema = {
    name: 'directoryObject' as GraphType,
    properties,
    canonical: new Map([...properties].map((p) => [p.toLowerCase(), p])),
    navigation: new Set(parts.flatMap((p) => [...p.navigation])),
    selectOnly: new Set(),
  };
  return directoryObjectSchema;
}
