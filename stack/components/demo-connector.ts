// The demo's first connector: the simulator's consented tenant, created through Lantern's own API (verification,
// schedule, first sync — the path an administrator takes), once. Later starts find it and leave it alone. So that the
// demo people can walk the whole just-in-time path, it is read-write (when Lantern has the read-write app) and gets a
// default policy: up to 8 hours, approved by the requester's manager or the resource's owners. It also
// prints who to be in the demo: the home tenant's demo people (sign in at Lantern's home page) and the Global
// Administrator of the tenant left unconsented for onboarding (not the connected one, whose onboarding would stop at
// step 1 because another connector already governs it).
import { join } from 'node:path';
import type { RunningSimulator } from '../../simulator/index.js';
import type { RunningComponent, StackComponent } from '../component.js';

export function demoConnectorComponent(): StackComponent {
  return {
    name: 'demo connector',
    async start(ctx): Promise<RunningComponent> {
      const sim = ctx.services.simulator;
      const tenant = sim?.tenants.find((t) => t.adminConsented);
      const token = ctx.config.api.adminTokens[0];
      if (!sim || !tenant || !token) return { stop: async () => undefined };
      const api = `http://${ctx.config.api.host}:${ctx.config.api.port}`;
      const response = await fetch(`${api}/api/v1/connectors`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'idempotency-key': `demo-${tenant.id}`,
        },
        body: JSON.stringify({
          displayName: `${tenant.domain} (simulated)`,
          tenantId: tenant.id,
          syncIntervalMinutes: 60,
          ...(ctx.config.entra.readWrite ? { options: { permissionSet: 'readWrite' } } : {}),
        }),
      });
      const body = (await response.json().catch(() => ({}))) as { id?: string; error?: { message?: string } };
      if (response.status === 409) ctx.log.info({ tenant: tenant.domain }, 'demo connector already exists');
      else if (!response.ok)
        ctx.log.warn({ status: response.status, error: body.error?.message }, 'could not create the demo connector');
      if (response.status === 201 && body.id) await putDemoPolicy(api, token, body.id, ctx.log);
      const urls: Record<string, string> = {};
      if (body.id) urls['Demo connector'] = `${api}/api/v1/connectors/${body.id}`;
      Object.assign(urls, demoSignIns(sim, ctx.config.api.publicUrl, join(ctx.config.dataDir, 'outbox')));
      return {
        urls,
        stop: async () => undefined,
      };
    },
  };
}

/** The connector default policy of the demo (the same request an admin makes on the Policies page or the API). */
async function putDemoPolicy(
  api: string,
  token: string,
  connectorId: string,
  log: { warn(details: object, message: string): void },
): Promise<void> {
  const response = await fetch(`${api}/api/v1/connectors/${connectorId}/access-policies/default`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      maxDurationSeconds: 8 * 3600,
      approvalRequired: true,
      approvers: { manager: true, owners: true },
      requestTimeoutSeconds: 24 * 3600,
      extensionNeedsApproval: false,
    }),
  });
  if (!response.ok) log.warn({ status: response.status }, 'could not set the demo connector default policy');
}

/** The sign-ins to print: the demo people of the home tenant and the onboarding tenant's Global Administrator. */
export function demoSignIns(sim: RunningSimulator, publicUrl: string, outbox: string): Record<string, string> {
  const home = sim.tenants.find((t) => t.id === sim.homeTenantId);
  const unconsented = sim.tenants.find((t) => !t.adminConsented);
  const lines: Record<string, string> = {};
  if (home) {
    const { lanternAdmin, approver, requester } = home.demo.people;
    lines['Sign in'] = `${publicUrl}/ → "Sign in with Microsoft" as one of these (tenant ${home.domain}):`;
    lines['  admin'] =
      `${lanternAdmin.upn} / ${lanternAdmin.password}   (holds Lantern.Admin: every page, including Connectors, ` +
      `Policies, Shadow apps, Audit and API tokens)`;
    lines['  approver'] =
      `${approver.upn} / ${approver.password}   (the requester's manager: Approvals inbox, Request access, My access)`;
    lines['  requester'] = `${requester.upn} / ${requester.password}   (Request access, My access)`;
  }
  if (unconsented) {
    const admin = unconsented.demo.globalAdmin;
    lines['Onboarding'] =
      `${admin.upn} / ${admin.password}   (Global Administrator of ${unconsented.domain}, not connected yet: ` +
      `POST /api/v1/onboardings, open the setup link from ${outbox}, sign in as this account)`;
  }
  return lines;
}
