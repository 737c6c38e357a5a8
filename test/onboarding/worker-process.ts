// A worker in its own process, so a test can kill it with SIGKILL at any point. Stub activities append what they did
// to a JSON-lines file. Prints "ready" once polling. Settings come from the environment the test passes.
import { appendFileSync } from 'node:fs';
import { NativeConnection, Worker, DefaultLogger, Runtime } from '@temporalio/worker';
import { AesGcmCodec } from '../../temporal/codec.js';

Runtime.install({ logger: new DefaultLogger('ERROR') });
const { TEMPORAL_ADDRESS, TASK_QUEUE, CODEC_KEY, ACTIVITY_LOG, WORKFLOW_BUNDLE } = process.env;
const record = (entry: object) => appendFileSync(ACTIVITY_LOG!, `${JSON.stringify({ pid: process.pid, ...entry })}\n`);

const connection = await NativeConnection.connect({ address: TEMPORAL_ADDRESS! });
const worker = await Worker.create({
  connection,
  taskQueue: TASK_QUEUE!,
  workflowBundle: { codePath: WORKFLOW_BUNDLE! },
  dataConverter: { payloadCodecs: [new AesGcmCodec([Buffer.from(CODEC_KEY!, 'base64')])] },
  // A killed worker's sticky queue is abandoned quickly, so the next worker picks the workflow up at once.
  stickyQueueScheduleToStartTimeout: '1 second',
  activities: {
    async sendOwnerEmails(input: { kind: string }) {
      record({ activity: 'sendOwnerEmails', kind: input.kind });
      return { sent: 1 };
    },
    async verifyTenantAccess() {
      record({ activity: 'verifyTenantAccess' });
      return { grantedPermissions: [] };
    },
    async activateConnector(input: { tenantId: string }) {
      record({ activity: 'activateConnector', tenantId: input.tenantId });
      return { scheduleId: 'x' };
    },
  },
});
console.log('ready');
await worker.run();
