// Users: the demo accounts first, then members and guests with realistic shares of disabled, on-premises-synced
// and long-inactive accounts.
import { asciiSlug, daysAgo, type GenContext } from './gen-context.js';
import { DEPARTMENTS, GIVEN_NAMES, JOB_TITLES, OFFICES, SURNAMES } from './names.js';
import type { SignInActivity, User } from './types.js';

export interface DemoAccount {
  id: string;
  upn: string;
  password: string;
}
export interface DemoAccounts {
  globalAdmin: DemoAccount;
  breakGlass: DemoAccount;
  user: DemoAccount;
}

const GUEST_DOMAINS = ['outlook.com', 'gmail.com', 'partner.example', 'agency.example', 'vendor.example'];

export function generateUsers(ctx: GenContext, password: string): DemoAccounts {
  const { rng, domain, profile } = ctx;
  const rnd = rng.fork('users');
  const hybrid = profile.users >= 5_000;
  const used = new Set<string>();
  const demo = (displayName: string, given: string, surname: string, local: string, jobTitle: string): DemoAccount => {
    const user = baseUser(ctx, { displayName, given, surname, upn: `${local}@${domain}`, department: 'IT', jobTitle });
    add(user);
    return { id: user.id, upn: user.userPrincipalName, password };
  };
  const add = (user: User) => {
    used.add(user.userPrincipalName);
    ctx.tenant.putUser(user);
    ctx.userIds.push(user.id);
    if (user.userType === 'Member' && user.accountEnabled) ctx.memberIds.push(user.id);
    if (user.userType === 'Member') ctx.tenant.passwords.set(user.id, password);
  };
  const accounts: DemoAccounts = {
    globalAdmin: demo('MOD Administrator', 'MOD', 'Administrator', 'admin', 'IT Administrator'),
    user: demo('Megan Bowen', 'Megan', 'Bowen', 'meganb', 'Marketing Manager'),
    breakGlass: demo('Emergency Access Account', 'Emergency', 'Access', 'breakglass', 'Emergency access'),
  };
  let signInGuest = false; // an enabled guest who accepted the invitation: the demo people need one
  for (let i = ctx.userIds.length; i < profile.users; i++) {
    const given = rnd.pick(GIVEN_NAMES);
    const surname = rnd.pick(SURNAMES);
    const rolledGuest = i > 3 && rnd.chance(profile.users < 100 ? 0.1 : 0.08);
    // The last user becomes that guest when the seed produced none; every draw still happens, so nothing else moves.
    const forcedGuest = i === profile.users - 1 && !signInGuest;
    const guest = rolledGuest || forcedGuest;
    let local = `${asciiSlug(given)}.${asciiSlug(surname)}`;
    if (used.has(upnFor(local, guest, domain))) local = `${local}${i}`;
    const user = baseUser(ctx, {
      displayName: `${given} ${surname}`,
      given,
      surname,
      upn: upnFor(local, guest, domain),
      department: guest ? null : rnd.pick(DEPARTMENTS),
      jobTitle: guest ? null : rnd.pick(JOB_TITLES),
    });
    if (guest) {
      user.userType = 'Guest';
      user.mail = `${local}@${GUEST_DOMAINS[i % GUEST_DOMAINS.length]}`;
      const accepted = rnd.chance(0.8) || forcedGuest;
      user.externalUserState = accepted ? 'Accepted' : 'PendingAcceptance';
      user.officeLocation = null;
      user.employeeId = null;
      user.employeeType = null;
      user.companyName = null;
    } else if (hybrid && rnd.chance(0.3)) {
      user.onPremisesSyncEnabled = true;
    }
    if (rnd.chance(0.04) && !forcedGuest) user.accountEnabled = false;
    if (guest && user.accountEnabled && user.externalUserState === 'Accepted') signInGuest = true;
    user.signInActivity = activity(ctx, user.externalUserState === 'PendingAcceptance');
    add(user);
    // A reporting line: each member reports to someone created before them (so there are no manager cycles).
    if (!guest && ctx.memberIds.length > 1)
      ctx.tenant.managers.set(
        user.id,
        ctx.memberIds[rnd.int(0, Math.min(ctx.memberIds.length - 2, Math.floor(i / 4)))]!,
      );
  }
  return accounts;
}

function upnFor(local: string, guest: boolean, domain: string): string {
  if (!guest) return `${local}@${domain}`;
  return `${local}_${GUEST_DOMAINS[local.length % GUEST_DOMAINS.length]}#EXT#@${domain}`;
}

interface UserSeed {
  displayName: string;
  given: string;
  surname: string;
  upn: string;
  department: string | null;
  jobTitle: string | null;
}

function baseUser(ctx: GenContext, s: UserSeed): User {
  const { rng } = ctx;
  return {
    id: rng.uuid(),
    userPrincipalName: s.upn,
    displayName: s.displayName,
    givenName: s.given,
    surname: s.surname,
    mail: s.upn.includes('#EXT#') ? null : s.upn,
    jobTitle: s.jobTitle,
    department: s.department,
    officeLocation: rng.pick(OFFICES),
    mobilePhone: rng.chance(0.5) ? `+1 425 555 ${String(rng.int(0, 9999)).padStart(4, '0')}` : null,
    businessPhones: rng.chance(0.6) ? [`+1 206 555 ${String(rng.int(0, 9999)).padStart(4, '0')}`] : [],
    preferredLanguage: 'en-US',
    accountEnabled: true,
    userType: 'Member',
    externalUserState: null,
    createdDateTime: daysAgo(ctx, rng.int(30, 2_000)),
    employeeId: String(rng.int(100000, 999999)),
    employeeType: 'Employee',
    companyName: ctx.tenant.organization.displayName,
    onPremisesSyncEnabled: null,
    signInActivity: activity(ctx, false),
  };
}

/** ~80% active in the last month, ~12% stale (90–400 days), the rest never signed in. */
function activity(ctx: GenContext, never: boolean): SignInActivity {
  const { rng } = ctx;
  const roll = rng.next();
  if (never || roll > 0.92) {
    return {
      lastSignInDateTime: null,
      lastSignInRequestId: null,
      lastNonInteractiveSignInDateTime: null,
      lastNonInteractiveSignInRequestId: null,
      lastSuccessfulSignInDateTime: null,
      lastSuccessfulSignInRequestId: null,
    };
  }
  const when = daysAgo(ctx, roll < 0.8 ? rng.next() * 30 : rng.int(90, 400));
  const requestId = rng.uuid();
  return {
    lastSignInDateTime: when,
    lastSignInRequestId: requestId,
    lastNonInteractiveSignInDateTime: when,
    lastNonInteractiveSignInRequestId: rng.uuid(),
    lastSuccessfulSignInDateTime: when,
    lastSuccessfulSignInRequestId: requestId,
  };
}
