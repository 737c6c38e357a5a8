// The demo's first connector: the simulator's consented tenant, created through Lantern's own API (verification,
// schedule, first sync — the path an administrator takes), once. Later starts find it and leave it alone.
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
        }),
      });
      const body = (await response.json().catch(() => ({}))) as { id?: string; error?: { message?: string } };
      if (response.status === 409) ctx.log.info({ tenant: tenant.domain }, 'demo connector already exists');
      else if (!response.ok)
        ctx.log.warn({ status: response.status, error: body.error?.message }, 'could not create the demo connector');
      const urls: Record<string, string> = {
        'Demo tenant admin': `${tenant.demo.globalAdmin.upn} / ${tenant.demo.globalAdmin.password}`,
      };
      if (body.id) urls['Demo connector'] = `${api}/api/v1/connectors/${body.id}`;
      return {
        urls,
        stop: async () => undefined,
      };
    },
  };
}
