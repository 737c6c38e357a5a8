// Built-in role definitions and ~30 activated directory roles with members: at least two Global Administrators
// (the demo admin and a break-glass account), users mostly, some role-assignable groups and service principals.
import type { GenContext } from './gen-context.js';
import type { DemoAccounts } from './gen-users.js';
import { builtInRoleDefinitions } from './first-party.js';
import { roleAssignmentId } from './ids.js';
import { ROLE_TEMPLATES } from './well-known.js';

export function generateRoles(ctx: GenContext, demo: DemoAccounts, roleAssignableGroups: string[]): void {
  const rnd = ctx.rng.fork('roles');
  const definitions = builtInRoleDefinitions();
  // Built-in definitions are version "1" and tenant-wide ("/"), as roleManagement/directory/roleDefinitions lists them.
  for (const def of definitions)
    ctx.tenant.roleDefinitions.set(def.id, { version: '1', resourceScopes: ['/'], ...def });
  const assign = (roleDefinitionId: string, principalId: string) => {
    const id = roleAssignmentId(roleDefinitionId, principalId);
    if (ctx.tenant.roleAssignments.has(id)) return;
    ctx.tenant.putRoleAssignment({
      id,
      principalId,
      roleDefinitionId,
      directoryScopeId: '/',
      resourceScope: '/',
      appScopeId: null,
    });
  };
  const ga = ROLE_TEMPLATES.globalAdministrator.id;
  assign(ga, demo.globalAdmin.id);
  assign(ga, demo.breakGlass.id);
  if (ctx.profile.users >= 300) assign(ga, rnd.pick(ctx.memberIds));
  const others = definitions.filter((d) => d.id !== ga).slice(0, Math.max(0, ctx.profile.activatedRoles - 1));
  for (const def of others) {
    for (let n = rnd.int(1, 4); n > 0; n--) {
      const roll = rnd.next();
      const principal =
        roll < 0.15 && roleAssignableGroups.length
          ? rnd.pick(roleAssignableGroups)
          : roll < 0.22 && ctx.enterpriseAppIds.length
            ? rnd.pick(ctx.enterpriseAppIds)
            : rnd.pick(ctx.memberIds);
      assign(def.id, principal);
    }
  }
}
