// The demo people of a tenant: four signed-in roles Lantern's demo and tests act as (an admin, an approver, the
// approver's direct report as requester, and a guest). Chosen from the generated directory, not added to it, so
// counts and object ids stay as they were; only when a seed produced no fitting pair is a reporting line set.
import type { GenContext } from './gen-context.js';
import type { DemoAccounts } from './gen-users.js';
import type { User } from './types.js';

export interface DemoPerson {
  objectId: string;
  upn: string;
  password: string;
  displayName: string;
}

export interface DemoPeople {
  /** Holds the Lantern.Admin app role on Lantern's sign-in app in the home tenant. */
  lanternAdmin: DemoPerson;
  /** The requester's manager. */
  approver: DemoPerson;
  requester: DemoPerson;
  /** An enabled guest (userType Guest, invitation accepted). */
  guest: DemoPerson;
}

export function pickDemoPeople(ctx: GenContext, accounts: DemoAccounts, password: string): DemoPeople {
  const { tenant } = ctx;
  const reserved = new Set([accounts.globalAdmin.id, accounts.user.id, accounts.breakGlass.id]);
  const roleHolders = new Set([...tenant.roleAssignments.values()].map((r) => r.principalId));
  // People without directory roles first, so Lantern's roles are visibly independent of Entra admin roles.
  const candidates = ctx.memberIds
    .filter((id) => !reserved.has(id))
    .sort((a, b) => Number(roleHolders.has(a)) - Number(roleHolders.has(b)));
  const eligible = new Set(candidates);
  const reports = new Map<string, string[]>();
  for (const id of ctx.userIds) {
    const manager = tenant.managers.get(id);
    if (!manager || !eligible.has(id)) continue;
    const list = reports.get(manager);
    if (list) list.push(id);
    else reports.set(manager, [id]);
  }
  let approver = candidates.find((id) => reports.has(id));
  let requester = approver ? pickFirst(reports.get(approver)!, candidates) : undefined;
  if (!approver || !requester) {
    [approver, requester] = [candidates[0]!, candidates[1]!];
    tenant.managers.set(requester, approver);
  }
  const lanternAdmin = candidates.find((id) => id !== approver && id !== requester)!;
  const guest = [...tenant.users.values()].find(
    (u) => u.userType === 'Guest' && u.accountEnabled && u.externalUserState === 'Accepted',
  );
  if (!guest) throw new Error(`tenant ${tenant.id} has no enabled guest to offer as a demo person`);
  // Guests authenticate at home in Entra; here the demo guest signs in with the demo password instead.
  tenant.passwords.set(guest.id, password);
  const person = (user: User): DemoPerson => ({
    objectId: user.id,
    upn: user.userPrincipalName,
    password,
    displayName: user.displayName,
  });
  const userOf = (id: string): User => tenant.users.get(id)!;
  return {
    lanternAdmin: person(userOf(lanternAdmin)),
    approver: person(userOf(approver)),
    requester: person(userOf(requester)),
    guest: person(guest),
  };
}

/** The earliest of `ids` in candidate order (role-free people first). */
function pickFirst(ids: string[], order: string[]): string | undefined {
  const set = new Set(ids);
  return order.find((id) => set.has(id));
}
