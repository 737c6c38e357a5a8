// The applications step through a Graph fault storm, its attempt cut short each time it has just written a slice of
// apps inside a page (as a killed worker would be): the next attempt starts from the heartbeated cursor, after the apps
// already written, never from the page's start, and the catalog ends equal to the tenant.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MockActivityEnvironment } from '@temporalio/testing';
import { openCatalog } from '../../catalog/index.js';
import { createSyncActivities } from '../../activities/sync/index.js';
import { createTenantGraph } from '../../entra/tenant-graph.js';
import { startTestSimulator } from '../simulator/clients.js';
import { createTempDir } from '../helpers/temp-dir.js';
import { catalogFigures, expectedFigures } from './ground-truth.js';
import { type ResolvedConnector, DEFAULT_SYNC_OPTIONS } from '../../domain/connector.js';

interface AppCursor {
  next: string | null;
  after?: string;
  totals: { applications: number; managedIdentities: number };
}

test('the applications step resumes after the last app slice written, not from the page, through a 20 % fault storm', async () => {
  const sim = await startTestSimulator({ size: 'L', seed: 31 });
  const dir = await createTempDir('lantern-apps-storm-');
  const catalog = await openCatalog({ dataDir: dir.path });
  try {
    const tenantId = sim.tenants[0]!.id;
    const connector: ResolvedConnector = {
      id: 'apps-storm',
      tenantId,
      options: DEFAULT_SYNC_OPTIONS,
      cloud: {
        authorityHost: sim.authorityHost,
        graphBaseUrl: sim.graphBaseUrl,
        graphScope: 'https://graph.microsoft.com/.default',
      },
    };
    await catalog.db
      .insertInto('connectors')
      .values({ id: connector.id, display_name: 'Storm', tenant_id: tenantId, status: 'connected' })
      .execute();
    const activities = createSyncActivities({
      catalog,
      tenantGraph: createTenantGraph({
        credentials: { clientId: sim.app.clientId, clientSecret: sim.app.clientSecret },
      }),
      loadConnector: async () => connector,
    });
    const run = await activities.beginSync({
      connectorId: connector.id,
      requestedMode: 'full',
      syncRunId: 'storm-run',
      workflowId: 'w',
      runId: 'r',
    });
    const servicePrincipals = sim.store.tenant(tenantId)!.servicePrincipals.size;
    assert.ok(servicePrincipals > 3 * 40, `the tenant has more apps (${servicePrincipals}) than one checkpoint slice`);

    sim.context.settings.faults = { rate: 0.2, seed: 31 };
    // Temporal's retry, by hand: each attempt starts from the details the previous one heartbeated last.
    let details: AppCursor | undefined;
    const resumedFrom: (AppCursor | undefined)[] = [];
    let result;
    for (let attempt = 1; !result; attempt++) {
      assert.ok(attempt <= 40, 'the step finished within 40 attempts');
      resumedFrom.push(details);
      const env = new MockActivityEnvironment({ attempt, heartbeatDetails: details });
      const startedAfter = details?.after;
      let killed = false;
      env.on('heartbeat', (d: AppCursor | undefined) => {
        if (!d) return;
        details = d;
        // The moment that matters: a slice inside the page is written and heartbeated. Cut the attempt there.
        if (d.after !== undefined && d.after !== startedAfter && !killed) {
          killed = true;
          env.cancel();
        }
      });
      const outcome = await env
        .run(activities.syncApplications, {
          connectorId: connector.id,
          syncRunId: run.syncRunId,
          generation: run.generation,
        })
        .catch(() => undefined);
      // A killed worker reports nothing, even if the cut attempt got to the end of its last slice.
      result = killed ? undefined : outcome;
    }
    sim.context.settings.faults = { rate: 0, seed: 31 };

    assert.ok(resumedFrom.length > 2, 'attempts were cut inside the page more than once');
    assert.ok(
      resumedFrom.some((c) => c?.after !== undefined),
      'some attempt resumed inside a page, after the apps already written',
    );
    const written = resumedFrom.map((c) => (c?.totals.applications ?? 0) + (c?.totals.managedIdentities ?? 0));
    assert.deepEqual(
      written,
      [...written].sort((a, b) => a - b),
      'no attempt started over: the written count never went back',
    );
    const figures = await catalogFigures(catalog, connector.id);
    const expected = expectedFigures(sim.store.tenant(tenantId)!);
    assert.equal(figures.applications, expected.applications);
    assert.equal(figures.appRoleGrants, expected.appRoleGrants);
    console.log(
      `# applications storm: ${resumedFrom.length} attempts, resumed at ${JSON.stringify(written)} service principals written`,
    );
  } finally {
    await catalog.close();
    await sim.close();
    await dir.remove();
  }
});
