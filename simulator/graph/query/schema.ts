// Which properties each Graph type declares (graph-v1-types.json, copied from shared/data) and which of them a
// collection returns without $select. Responses are projected through this so they never carry a property
// Microsoft does not publish.
import { readFileSync } from 'node:fs';

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
  /** Properties returned when there is no $select (undefined = all stored, declared properties). */
  defaults?: readonly string[];
  /** Properties only returned when asked for by $select. */
  selectOnly: ReadonlySet<string>;
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
    ...declared.properties,
    ...(DIRECTORY_OBJECTS.has(type) ? ['deletedDateTime'] : []),
  ]);
  const schema: TypeSchema = {
    name: type,
    properties,
    canonical: new Map([...properties].map((p) => [p.toLowerCase(), p])),
    navigation: new Set(declared.navigationProperties),
    ...(type === 'user' ? { defaults: USER_DEFAULTS } : {}),
    selectOnly: new Set(type === 'user' ? ['signInActivity'] : []),
  };
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
  if (select) {
    for (const name of select) out[name] = source[name] ?? null;
    return out;
  }
  if (schema.defaults) {
    for (const name of schema.defaults) out[name] = source[name] ?? null;
    return out;
  }
  if (schema.properties.has('deletedDateTime')) out.deletedDateTime = null;
  for (const key in source) {
    if (schema.properties.has(key) && !schema.selectOnly.has(key)) out[key] = source[key];
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
