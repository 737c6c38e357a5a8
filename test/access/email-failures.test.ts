// A mail server that refuses every message holds nothing: the expiry warning's retries are dropped when the access
// expires (removal is not late), and the "access ended" email's few attempts run out without failing the grant.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Worker } from '@temporalio/worker';
import { createAccessActivities } from '../../activities/access/index.js';
import { createApprovalLinks } from '../../lib/links/access.js';
import type { OutgoingEmail } from '../../activities/email/mailer.js';
import { accessTemporal, type AccessTemporal } from '../../temporal/clients/access.js';
import { jsonb } from '../../catalog/index.js';
import { createTenantGraph } from '../../entra/tenant-graph.js';
import { createLinkSigner } from '../../lib/links/signer.js';
import { accessGrantWorkflowId, type GrantStatus } from '../../workflows/access/messages.js';
import { startAccessSuite, stopAccessSuite, type AccessSuite } from './access-harness.js';

describe('emails failing for good', { timeout: 120_000 }, () => {
  let suite: AccessSuite;
  let worker: Worker;
  let running: Promise<void>;
  let access: AccessTemporal;
  const attempts: OutgoingEmail[] = [];

  before(async () => {
    suite = await startAccessSuite();
    const { h, temporal } = suite;
    const taskQueue = temporal.taskQueue();
    const mailer = {
      send: async (message: OutgoingEmail) => {
        attempts.push(message);
        throw new Error('550 mailbox unavailable');
      },
      close: () => {},
    };
    const tenantGraph = createTenantGraph({
      credentials: { clientId: h.sim.appReadWrite.clientId, clientSecret: h.sim.appReadWrite.clientSecret },
    });
    worker = await temporal.createWorker({
      taskQueue,
      activities: createAccessActivities({
        catalog: h.catalog,
        tenantGraph,
        loadConnector: async () => h.connector,
        approvalEmails: {
          mailer,
          links: createApprovalLinks(createLinkSigner(randomBytes(32))),
          publicUrl: 'http://127.0.0.1:1',
        },
      }),
    });
    running = worker.run();
    access = accessTemporal(temporal.env.client, taskQueue);
  });
  after(async () => {
    worker?.shutdown();
    await running;
    await stopAccessSuite(suite);
  });

  test('the grant still expires on time and its workflow completes', async () => {
    const { h, fx, temporal } = suite;
    const user = fx.users[16]!;
    await h.catalog.db
      .insertInto('principals')
      .values({
        connector_id: h.connector.id,
        id: user.id,
        kind: 'user',
        display_name: user.displayName,
        upn: user.userPrincipalName,
        mail: 'unreachable@contoso.example',
        account_enabled: true,
        attributes: jsonb({}),
        generation: 1,
      })
      .execute();
    const role = fx.roleNotHeldBy(user.id);
    // The warning is due 1 s after the access starts; its retries (2 s, then 4 s apart) would outlast the expiry.
    const input = h.input(`role:${role}:member`, user.id, {
      durationSeconds: 3,
      policy: { approvalRequired: false, expiryWarningSeconds: 2 },
    });
    await access.request(input);
    const active = await h.waitFor(input, (s) => s.stage === 'active');
    let ended: GrantStatus | undefined;
    while (!ended) {
      const status = await access.status(input);
      if (status.stage === 'ended') ended = status;
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const lateness = Date.now() - Date.parse(active.expiresAt!);
    assert.ok(lateness < 3_500, `ended ${lateness} ms after expiry, not after the warning's retries`);
    assert.equal(ended.endReason, 'expired');
    assert.ok(
      attempts.some((m) => /^Access ends soon/.test(m.subject)),
      'the warning was attempted',
    );

    const result = await temporal.env.client.workflow.getHandle(accessGrantWorkflowId(input)).result();
    assert.equal(result.stage, 'ended', 'the ended email running out of attempts does not fail the grant');
    assert.equal(attempts.filter((m) => /^Access ended/.test(m.subject)).length, 3, 'a few attempts, then given up');
    assert.equal(
      [...h.tenant.roleAssignments.values()].some((a) => a.principalId === user.id && a.roleDefinitionId === role),
      false,
    );
  });
});
