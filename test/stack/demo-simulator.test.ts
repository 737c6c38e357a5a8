// The demo's Entra as `npm start` wires it: both of Lantern's app registrations from the simulator, the simulator's
// home tenant as Lantern's home tenant (unless one is configured), and the sign-ins the banner prints.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { loadConfig } from '../../config/index.js';
import { demoSignIns } from '../../stack/components/demo-connector.js';
import { simulatorComponent } from '../../stack/components/simulator.js';
import type { RunningComponent, StackContext } from '../../stack/component.js';
import type { RunningSimulator } from '../../simulator/index.js';
import { createTempDir, type TempDir } from '../helpers/temp-dir.js';

const OTHER_HOME = '0b0b0b0b-1111-4222-8333-444455556666';

describe('the demo simulator component', () => {
  let dir: TempDir;
  const started: RunningComponent[] = [];
  before(async () => {
    dir = await createTempDir('lantern-demo-sim-');
  });
  after(async () => {
    for (const component of started) await component.stop();
    await dir.remove();
  });

  async function start(env: Record<string, string> = {}): Promise<StackContext & { sim: RunningSimulator }> {
    const ctx: StackContext = {
      config: loadConfig({ env: { LANTERN_DATA_DIR: dir.path, LANTERN_SIMULATOR_PORT: '0', ...env } }),
      log: pino({ level: 'silent' }),
      services: {},
    };
    started.push(await simulatorComponent().start(ctx));
    return { ...ctx, sim: ctx.services.simulator! };
  }

  it("configures both app registrations and makes the simulator's home tenant Lantern's", async () => {
    const { config, sim } = await start();
    assert.equal(config.entra.clientId, sim.app.clientId);
    assert.equal(config.entra.readWrite?.clientId, sim.appReadWrite.clientId);
    assert.notEqual(sim.app.clientId, sim.appReadWrite.clientId);
    assert.equal(config.auth.homeTenantId, sim.homeTenantId);
  });

  it('keeps a home tenant the operator configured', async () => {
    const { config } = await start({ LANTERN_HOME_TENANT_ID: OTHER_HOME });
    assert.equal(config.auth.homeTenantId, OTHER_HOME);
  });

  it("prints the home tenant's demo people and the unconsented tenant's Global Administrator for onboarding", async () => {
    const { sim } = await start();
    const lines = demoSignIns(sim, 'http://localhost:8080', '/data/outbox');
    const home = sim.tenants.find((t) => t.id === sim.homeTenantId)!;
    const onboarding = sim.tenants.find((t) => !t.adminConsented)!;
    assert.notEqual(home.id, onboarding.id, 'onboarding is offered for a tenant no connector governs');
    assert.match(lines['Sign in']!, /^http:\/\/localhost:8080\/ → "Sign in with Microsoft"/);
    assert.equal(
      lines['  admin'],
      `${home.demo.people.lanternAdmin.upn} / ${home.demo.people.lanternAdmin.password}   (holds Lantern.Admin: every ` +
        `page, including Connectors, Policies, Shadow apps, Audit and API tokens)`,
    );
    assert.match(lines['  approver']!, new RegExp(`^${home.demo.people.approver.upn} / `));
    assert.match(lines['  requester']!, new RegExp(`^${home.demo.people.requester.upn} / `));
    assert.match(
      lines.Onboarding!,
      new RegExp(`^${onboarding.demo.globalAdmin.upn} / \\S+ +\\(Global Administrator of ${onboarding.domain}`),
    );
  });
});
