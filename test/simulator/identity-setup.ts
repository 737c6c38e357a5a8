// Shared set-up for the identity-platform tests: an in-process simulator with two tenants (the first not yet
// consented, the second consented), the CA trusted through a global undici dispatcher, and MSAL configured exactly
// as Lantern's production code will be (authority + knownAuthorities, nothing else).
import { rootCertificates } from 'node:tls';
import { Agent, setGlobalDispatcher } from 'undici';
import { ConfidentialClientApplication, type Configuration } from '@azure/msal-node';
import { startSimulator, type RunningSimulator, type TenantSummary } from '../../simulator/index.js';

export interface IdentityFixture {
  sim: RunningSimulator;
  /** Not consented: admin-consent and no-consent tests use it. */
  fresh: TenantSummary;
  /** Admin-consented by the generator. */
  consented: TenantSummary;
  host: string;
  msal(tenant: string, credential?: Partial<Configuration['auth']>): ConfidentialClientApplication;
}

export const REDIRECT_URI = 'http://localhost:3000/auth/callback';

export async function startIdentityFixture(seed = 11): Promise<IdentityFixture> {
  const sim = await startSimulator({ port: 0, size: 'S', tenants: 2, seed, throttle: 'off' });
  setGlobalDispatcher(new Agent({ connect: { ca: [...rootCertificates, sim.caCertPem] } }));
  const [fresh, consented] = sim.tenants;
  if (!fresh || !consented || fresh.adminConsented || !consented.adminConsented)
    throw new Error('expected one fresh and one consented tenant');
  const host = new URL(sim.authorityHost).host;
  return {
    sim,
    fresh,
    consented,
    host,
    msal: (tenant, credential = { clientSecret: sim.app.clientSecret }) =>
      new ConfidentialClientApplication({
        auth: {
          clientId: sim.app.clientId,
          authority: `${sim.authorityHost}/${tenant}`,
          knownAuthorities: [host],
          ...credential,
        },
      }),
  };
}

/** The Graph object id of a user, looked up by UPN in the simulator's ground truth. */
export function userIdOf(fx: IdentityFixture, tenantId: string, upn: string): string {
  const user = [...fx.sim.store.tenant(tenantId)!.users.values()].find((u) => u.userPrincipalName === upn);
  if (!user) throw new Error(`no user ${upn}`);
  return user.id;
}

/** The claims of a JWT, unverified (tests that check signatures use jose against the JWKS). */
export function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** MSAL surfaces server errors as ServerError { errorCode: error, errorMessage: '… Description: AADSTSn: …' }. */
export function aadsts(code: number, error: string): (err: unknown) => boolean {
  return (err) => {
    const e = err as { errorCode?: string; errorMessage?: string };
    return e.errorCode === error && new RegExp(`Description: AADSTS${code}: `).test(e.errorMessage ?? '');
  };
}
