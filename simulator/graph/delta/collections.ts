// What delta needs to know per collection: how to list and load its objects, which relationship travels as
// `<name>@delta`, and the `@removed` reason Entra gives for a deletion.
import type { Tenant } from '../../model/tenant.js';
import type { DeltaCollection } from '../../model/types.js';
import { sortedIds } from '../query/id-index.js';
import { schemaOf, type TypeSchema } from '../query/schema.js';

export interface DeltaCollectionSpec {
  collection: DeltaCollection;
  schema: TypeSchema;
  /** Read permission (same as the collection's list endpoint). */
  permissions: readonly (string | readonly string[])[];
  ids(tenant: Tenant): readonly string[];
  load(tenant: Tenant, id: string): object | undefined;
  /** The relationship `$select` can add, sent as `<relation>@delta`. */
  relation?: 'members' | 'manager';
  /** Current related ids (initial round). */
  related?(tenant: Tenant, id: string): string[];
  /** Users, groups and service principals are soft-deleted (restorable) in Entra; grants are gone for good. */
  removedReason: 'changed' | 'deleted';
}

export const DELTA_COLLECTIONS: Record<DeltaCollection, DeltaCollectionSpec> = {
  users: {
    collection: 'users',
    schema: schemaOf('user'),
    permissions: ['User.Read.All'],
    removedReason: 'changed',
    relation: 'manager',
    ids: (t) => sortedIds(t, 'users', t.users),
    load: (t, id) => t.users.get(id),
    related: (t, id) => {
      const m = t.managers.get(id);
      return m ? [m] : [];
    },
  },
  groups: {
    collection: 'groups',
    schema: schemaOf('group'),
    permissions: ['Group.Read.All'],
    removedReason: 'changed',
    relation: 'members',
    ids: (t) => sortedIds(t, 'groups', t.groups),
    load: (t, id) => t.groups.get(id),
    related: (t, id) => [...(t.groupMembers.get(id) ?? [])].sort(),
  },
  servicePrincipals: {
    collection: 'servicePrincipals',
    schema: schemaOf('servicePrincipal'),
    permissions: ['Application.Read.All'],
    removedReason: 'changed',
    ids: (t) => sortedIds(t, 'servicePrincipals', t.servicePrincipals),
    load: (t, id) => t.servicePrincipals.get(id),
  },
  directoryRoles: {
    collection: 'directoryRoles',
    schema: schemaOf('directoryRole'),
    permissions: ['RoleManagement.Read.Directory'],
    removedReason: 'deleted',
    relation: 'members',
    ids: (t) => [...t.directoryRoles.values()].map((r) => r.id).sort(),
    load: (t, id) => {
      for (const r of t.directoryRoles.values()) if (r.id === id) return r;
      return undefined;
    },
    related: (t, id) => {
      for (const r of t.directoryRoles.values())
        if (r.id === id) return [...new Set(t.directoryRoleMembers(r.roleTemplateId))].sort();
      return [];
    },
  },
  oauth2PermissionGrants: {
    collection: 'oauth2PermissionGrants',
    schema: schemaOf('oAuth2PermissionGrant'),
    removedReason: 'deleted',
    permissions: [['Directory.Read.All', 'DelegatedPermissionGrant.ReadWrite.All']],
    ids: (t) => sortedIds(t, 'oauth2PermissionGrants', t.oauth2PermissionGrants),
    load: (t, id) => t.oauth2PermissionGrants.get(id),
  },
};
