// Sign-in log for the last 30 days, newest first (only tenants with a P1/P2 licence keep one).
import { randomUUID } from 'node:crypto';
import { isoAt, type GenContext } from './gen-context.js';
import type { SignIn, User } from './types.js';
import { MICROSOFT_GRAPH_APP_ID } from './well-known.js';

const FAILURES = [
  { errorCode: 50126, failureReason: 'Error validating credentials due to invalid username or password.' },
  { errorCode: 50074, failureReason: 'Strong Authentication is required.' },
  {
    errorCode: 50053,
    failureReason:
      'Account is locked because user tried to sign in too many times with an incorrect user ID or password.',
  },
];

export function generateSignIns(ctx: GenContext): void {
  if (ctx.tenant.info.licence === 'free') return;
  const rnd = ctx.rng.fork('signins');
  const apps = [...ctx.tenant.servicePrincipals.values()]
    .filter((sp) => sp.servicePrincipalType === 'Application')
    .slice(0, 60);
  const step = (30 * 86_400_000) / ctx.profile.signIns;
  const out: SignIn[] = [];
  for (let i = 0; i < ctx.profile.signIns; i++) {
    const user = ctx.tenant.users.get(rnd.pick(ctx.memberIds))!;
    const app = rnd.pick(apps);
    const failure = rnd.chance(0.08) ? rnd.pick(FAILURES) : undefined;
    out.push({
      id: rnd.uuid(),
      createdDateTime: isoAt(ctx.anchor - Math.round(i * step + rnd.next() * step)),
      userDisplayName: user.displayName,
      userPrincipalName: user.userPrincipalName,
      userId: user.id,
      appId: app.appId,
      appDisplayName: app.displayName,
      ipAddress: `203.0.113.${rnd.int(1, 254)}`,
      clientAppUsed: rnd.chance(0.8) ? 'Browser' : 'Mobile Apps and Desktop clients',
      resourceDisplayName: 'Microsoft Graph',
      resourceId: MICROSOFT_GRAPH_APP_ID,
      isInteractive: rnd.chance(0.7),
      status: {
        errorCode: failure?.errorCode ?? 0,
        failureReason: failure?.failureReason ?? null,
        additionalDetails: null,
      },
    });
  }
  ctx.tenant.signIns = out;
}

/** A sign-in made on the simulator's sign-in page (interactive, browser), logged as Entra logs it. */
export function pageSignIn(input: {
  user: User;
  app: { appId: string; displayName: string };
  at: number;
  failure?: { errorCode: number; failureReason: string };
}): SignIn {
  return {
    id: randomUUID(),
    createdDateTime: isoAt(input.at),
    userDisplayName: input.user.displayName,
    userPrincipalName: input.user.userPrincipalName,
    userId: input.user.id,
    appId: input.app.appId,
    appDisplayName: input.app.displayName,
    ipAddress: '127.0.0.1',
    clientAppUsed: 'Browser',
    resourceDisplayName: 'Microsoft Graph',
    resourceId: MICROSOFT_GRAPH_APP_ID,
    isInteractive: true,
    status: {
      errorCode: input.failure?.errorCode ?? 0,
      failureReason: input.failure?.failureReason ?? null,
      additionalDetails: null,
    },
  };
}
