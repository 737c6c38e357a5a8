// Records the accessGrant histories of a release baseline, which replay-baseline-histories.test.ts replays on every
// later version of the workflow code. Run once per release line (see README, "Workflow changes and patches"):
//   TEMPORAL_CLI=.tools/bin/temporal npx tsx test/access/record-baseline.ts
// Each scenario runs on the access harness (dev server, simulator, PGlite catalog) and lands as
// fixtures/baseline-<major.minor>/<scenario>.json: the History message as protobuf-JSON objects.
import { mkdir, writeFile } from 'node:fs/promises';
import protoPackage from '@temporalio/proto';
import { accessGrantWorkflowId, type GrantPair } from '../../workflows/access/messages.js';
import { APPROVER, startAccessSuite, stopAccessSuite, type AccessSuite } from './access-harness.js';
import { BASELINE_SCENARIOS, baselineDir, releaseLine, type BaselineScenario } from './baseline.js';

const { History } = protoPackage.temporal.api.history.v1;

const ended = (s: { stage: string }) => s.stage === 'ended';

/** Each scenario runs one grant to its end and returns its pair. */
const SCENARIOS: Record<BaselineScenario, (suite: AccessSuite) => Promise<GrantPair>> = {
  /** Approval by an approver, then expiry and removal. */
  async 'approved-then-expired'({ h, fx }) {
    const user = fx.users[0]!;
    const input = h.input(`role:${fx.roleNotHeldBy(user.id)}:member`, user.id, { durationSeconds: 2 });
    await h.access.request(input);
    await h.access.approve(input, { approverId: APPROVER, requestId: input.request.requestId });
    await h.waitFor(input, ended);
    return input;
  },

  /** Nobody decides: the request times out. */
  async 'request-expired'({ h, fx }) {
    const user = fx.users[1]!;
    const input = h.input(`role:${fx.roleNotHeldBy(user.id)}:member`, user.id, {
      policy: { requestTimeoutSeconds: 1 },
    });
    await h.access.request(input);
    await h.waitFor(input, ended);
    return input;
  },

  /** Revoked while active; removal retries through a Graph 5xx storm until it succeeds. */
  async 'revoked-through-storm'({ h, fx }) {
    const user = fx.users[2]!;
    const group = fx.editable.find((g) => !fx.isOwner(g.id, user.id))!;
    const input = h.input(`group:${group.id}:owner`, user.id, {
      policy: { approvalRequired: false },
      durationSeconds: 3600,
    });
    await h.access.request(input);
    await h.waitFor(input, (s) => s.stage === 'active');
    h.sim.context.settings.faults = { rate: 1, seed: 11 };
    try {
      await h.access.revoke(input, { actorId: APPROVER, actorRole: 'admin' });
      await h.waitFor(input, (s) => s.stage === 'deprovisioning' && s.deprovisionAttempts >= 2);
    } finally {
      h.sim.context.settings.faults = { rate: 0, seed: 11 };
    }
    await h.waitFor(input, ended);
    return input;
  },

  /**
   * An extension queued while provisioning (applied once active), the expiry warning, a live extension moving the
   * expiry again, then expiry.
   */
  async 'extended-then-expired'({ h, fx }) {
    const user = fx.users[3]!;
    const entitlementId = `role:${fx.roleNotHeldBy(user.id)}:member`;
    const policy = { approvalRequired: false, expiryWarningSeconds: 2 };
    const input = h.input(entitlementId, user.id, { policy, durationSeconds: 2 });
    const hold = h.holdProvisioning(user.id);
    await h.access.request(input);
    await hold.reached;
    await h.access.request(h.input(entitlementId, user.id, { policy, durationSeconds: 4 }));
    hold.release();
    await h.waitFor(input, (s) => s.stage === 'active' && s.extensions === 1);
    await h.access.request(h.input(entitlementId, user.id, { policy, durationSeconds: 5 }));
    await h.waitFor(input, ended);
    return input;
  },

  /** An extension that needs approval (its approvers are emailed), approved, then an early revoke. */
  async 'extension-approved-then-revoked'({ h, fx }) {
    const user = fx.users[4]!;
    const entitlementId = `role:${fx.roleNotHeldBy(user.id)}:member`;
    const policy = { approvalRequired: false, extensionNeedsApproval: true };
    const input = h.input(entitlementId, user.id, { policy, durationSeconds: 600 });
    await h.access.request(input);
    await h.waitFor(input, (s) => s.stage === 'active');
    const extension = h.input(entitlementId, user.id, { policy, durationSeconds: 1200 });
    await h.access.request(extension);
    await h.access.approve(input, { approverId: APPROVER, requestId: extension.request.requestId });
    await h.waitFor(input, (s) => s.extensions === 1);
    await h.access.revoke(input, { actorId: user.id, actorRole: 'requester' });
    await h.waitFor(input, ended);
    return input;
  },

  /** The principal already held the access: kept at expiry, never removed. */
  async 'pre-existing-kept'({ h, fx }) {
    const { userId, templateId } = fx.existingRoleHolder;
    const input = h.input(`role:${templateId}:member`, userId, {
      policy: { approvalRequired: false },
      durationSeconds: 1,
    });
    await h.access.request(input);
    await h.waitFor(input, ended);
    return input;
  },
};

const dir = baselineDir(await releaseLine());
await mkdir(dir, { recursive: true });
const suite = await startAccessSuite();
try {
  // One at a time: the storm scenario turns faults on for the whole simulator.
  for (const name of BASELINE_SCENARIOS) {
    const pair = await SCENARIOS[name](suite);
    const history = await suite.temporal.env.client.workflow.getHandle(accessGrantWorkflowId(pair)).fetchHistory();
    const json = History.toObject(History.fromObject(history), { longs: String, enums: String, bytes: String });
    await writeFile(`${dir}${name}.json`, `${JSON.stringify(json, null, 1)}\n`);
    console.log(`${name}: ${history.events?.length ?? 0} events`);
  }
} finally {
  await stopAccessSuite(suite);
}
