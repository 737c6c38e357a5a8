// Users (members, guests, disabled) → principals.
import type { PrincipalRow } from './rows.js';

export const USER_SELECT = [
  'id',
  'displayName',
  'userPrincipalName',
  'mail',
  'userType',
  'accountEnabled',
  'department',
  'jobTitle',
  'employeeId',
  'employeeType',
  'companyName',
  'externalUserState',
  'createdDateTime',
  'onPremisesSyncEnabled',
];

export interface GraphUser {
  id: string;
  displayName?: string | null;
  userPrincipalName?: string | null;
  mail?: string | null;
  userType?: string | null;
  accountEnabled?: boolean | null;
  department?: string | null;
  jobTitle?: string | null;
  employeeId?: string | null;
  employeeType?: string | null;
  companyName?: string | null;
  externalUserState?: string | null;
  createdDateTime?: string | null;
  onPremisesSyncEnabled?: boolean | null;
  signInActivity?: { lastSignInDateTime?: string | null } | null;
  /** Present when listed with `$expand=manager` (null: no manager). */
  manager?: { id: string } | null;
  /** Present in delta rounds whose link selected `manager`: the current manager, or `@removed` / empty when cleared. */
  'manager@delta'?: { id: string; '@removed'?: unknown }[];
}

export function userToPrincipal(user: GraphUser): PrincipalRow {
  return {
    id: user.id,
    kind: 'user',
    displayName: user.displayName ?? user.userPrincipalName ?? user.id,
    userPrincipalName: user.userPrincipalName ?? null,
    mail: user.mail ?? null,
    userType: user.userType === 'Guest' ? 'Guest' : 'Member',
    accountEnabled: user.accountEnabled ?? true,
    department: user.department ?? null,
    jobTitle: user.jobTitle ?? null,
    employeeId: user.employeeId ?? null,
    employeeType: user.employeeType ?? null,
    managerId: managerIdOf(user),
    lastSignInAt: user.signInActivity?.lastSignInDateTime ?? null,
    attributes: {
      companyName: user.companyName ?? null,
      externalUserState: user.externalUserState ?? null,
      createdDateTime: user.createdDateTime ?? null,
      onPremisesSyncEnabled: user.onPremisesSyncEnabled ?? null,
    },
  };
}

/** The manager as Graph sent it; undefined when this response says nothing about it (the catalog keeps what it has). */
function managerIdOf(user: GraphUser): string | null | undefined {
  if (user.manager !== undefined) return user.manager?.id ?? null;
  const delta = user['manager@delta'];
  if (delta === undefined) return undefined;
  return delta.filter((m) => m['@removed'] === undefined).at(-1)?.id ?? null;
}
