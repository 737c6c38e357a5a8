// An in-memory stand-in for the connector side of Temporal (verifyConnector + the sync Schedule), recording calls so
// API tests can assert what reached Temporal. The real implementation is exercised in test/workflows/.
import { ScheduleNotFoundError } from '@temporalio/client';
import type {
  ConnectorTemporal,
  SyncScheduleSpec,
  SyncScheduleState,
  VerifyOutcome,
} from '../../temporal/clients/connectors.js';
import type { VerifyConnectorInput } from '../../workflows/connectors/messages.js';

export const TENANT_ID = '11111111-2222-4333-8444-555555555555';

export const verified = (tenantId = TENANT_ID): VerifyOutcome => ({
  ok: true,
  result: {
    consented: true,
    tenantId,
    tenantDisplayName: 'Contoso',
    grantedPermissions: ['Directory.Read.All'],
    missingPermissions: [],
  },
});

export interface FakeConnectorTemporal extends ConnectorTemporal {
  schedules: Map<string, SyncScheduleSpec & { paused: boolean; triggers: number; running: boolean }>;
  verifications: VerifyConnectorInput[];
  removed: string[];
  nextVerify: VerifyOutcome | (() => Promise<VerifyOutcome>);
  failCreate: boolean;
}

export function fakeConnectorTemporal(): FakeConnectorTemporal {
  const fake: FakeConnectorTemporal = {
    schedules: new Map(),
    verifications: [],
    removed: [],
    nextVerify: verified(),
    failCreate: false,
    async verify(input) {
      fake.verifications.push(input);
      return typeof fake.nextVerify === 'function' ? fake.nextVerify() : fake.nextVerify;
    },
    async createSchedule(spec) {
      if (fake.failCreate) throw new Error('14 UNAVAILABLE: temporal down');
      const existing = fake.schedules.get(spec.connectorId);
      fake.schedules.set(spec.connectorId, {
        ...spec,
        paused: existing?.paused ?? false,
        triggers: (existing?.triggers ?? 0) + (existing ? 0 : 1),
        running: false,
      });
    },
    async updateSchedule(spec) {
      const existing = fake.schedules.get(spec.connectorId);
      if (!existing) throw new ScheduleNotFoundError('not found', spec.connectorId);
      fake.schedules.set(spec.connectorId, { ...existing, ...spec });
    },
    async pause(id) {
      schedule(id).paused = true;
    },
    async resume(id) {
      schedule(id).paused = false;
    },
    async remove(id) {
      fake.removed.push(id);
      return { onboardingTerminated: false, scheduleDeleted: fake.schedules.delete(id), syncsCancelled: 0 };
    },
    async trigger(id) {
      const s = schedule(id);
      const running = s.running ? [{ workflowId: `connector:${id}:sync-running`, runId: 'r1' }] : [];
      if (s.running) return { started: false, running };
      s.triggers += 1;
      return { started: true, running };
    },
    async describe(id): Promise<SyncScheduleState | null> {
      const s = fake.schedules.get(id);
      return s
        ? {
            scheduleId: `connector:${id}:sync`,
            paused: s.paused,
            note: null,
            intervalMinutes: s.intervalMinutes,
            nextRunAt: null,
            lastRunAt: null,
            running: [],
            skippedOverlaps: 0,
          }
        : null;
    },
  };
  const schedule = (id: string) => {
    const s = fake.schedules.get(id);
    if (!s) throw new ScheduleNotFoundError('not found', id);
    return s;
  };
  return fake;
}

export const ENTRA_ENV = {
  LANTERN_ENTRA_CLIENT_ID: '00000000-aaaa-4bbb-8ccc-000000000001',
  LANTERN_ENTRA_CLIENT_SECRET: 'sim-secret-value-never-logged',
};
