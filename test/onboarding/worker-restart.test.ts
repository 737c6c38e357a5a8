// The onboarding survives its worker being killed (SIGKILL, no graceful shutdown) after every step: a new worker
// process picks the workflow up from history and the owners' next step works.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { Client } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { AesGcmCodec } from '../../temporal/codec.js';
import { WORKFLOWS_PATH } from '../../worker/index.js';
import { adminConsentUpdate, firstSignInUpdate, secondSignInUpdate } from '../../workflows/onboarding/messages.js';
import { createTempDir, type TempDir } from '../helpers/temp-dir.js';
import { createTemporalTestEnv, type TemporalTestEnv } from '../helpers/temporal-env.js';
import { attempt, onboardingInput, signIn, startOnboarding, TENANT } from './workflow-harness.js';

describe('onboardConnector with a worker killed after every step', { timeout: 240_000 }, () => {
  let temporal: TemporalTestEnv;
  let dir: TempDir;
  let bundlePath: string;
  const children = new Set<ChildProcess>();
  before(async () => {
    [temporal, dir] = await Promise.all([createTemporalTestEnv(), createTempDir()]);
    bundlePath = join(dir.path, 'bundle.js');
    writeFileSync(
      bundlePath,
      (await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('WARN') })).code,
    );
  });
  after(async () => {
    for (const child of children) child.kill('SIGKILL');
    await temporal?.teardown();
    await dir?.remove();
  });

  it('continues from history in a fresh worker process each time', async () => {
    const key = randomBytes(32).toString('base64');
    const client = new Client({
      connection: temporal.env.connection,
      namespace: temporal.env.namespace ?? 'default',
      dataConverter: { payloadCodecs: [new AesGcmCodec([Buffer.from(key, 'base64')])] },
    });
    const taskQueue = temporal.taskQueue();
    const log = join(dir.path, 'activities.jsonl');
    writeFileSync(log, '');
    const address = temporal.env.address;
    const entries = () =>
      readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { pid: number; activity: string; kind?: string });

    async function startWorker(): Promise<ChildProcess> {
      const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'worker-process.ts')], {
        env: {
          ...process.env,
          TEMPORAL_ADDRESS: address,
          TASK_QUEUE: taskQueue,
          CODEC_KEY: key,
          ACTIVITY_LOG: log,
          WORKFLOW_BUNDLE: bundlePath,
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      children.add(child);
      const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
      assert.match(chunk.toString(), /ready/);
      return child;
    }
    async function kill(child: ChildProcess): Promise<void> {
      child.kill('SIGKILL');
      await once(child, 'exit');
      children.delete(child);
    }

    const input = onboardingInput();
    // A task handed to the killed worker's last poll is lost until it times out: keep that short here.
    const handle = await startOnboarding(client, taskQueue, input, { workflowTaskTimeout: '2 seconds' });
    const pids: number[] = [];
    let worker = await startWorker();
    pids.push(worker.pid!);
    const steps = [
      () => handle.executeUpdate(firstSignInUpdate, { args: [signIn('awaiting_first_login')] }),
      () =>
        handle.executeUpdate(adminConsentUpdate, {
          args: [{ attempt: attempt('awaiting_admin_consent'), tenantId: TENANT }],
        }),
      () => handle.executeUpdate(secondSignInUpdate, { args: [signIn('awaiting_second_login')] }),
    ];
    for (const step of steps) {
      await kill(worker);
      worker = await startWorker();
      pids.push(worker.pid!);
      await step();
    }
    await kill(worker);
    worker = await startWorker();
    pids.push(worker.pid!);
    const result = await handle.result();
    await kill(worker);

    assert.deepEqual(result, { stage: 'connected', tenantId: TENANT });
    assert.equal(new Set(pids).size, 5, 'five different worker processes');
    const done = entries();
    assert.deepEqual(
      done
        .filter((e) => e.activity === 'sendOwnerEmails')
        .map((e) => e.kind)
        .filter((k, i, all) => all.indexOf(k) === i),
      ['invitation', 'connected'],
    );
    assert.ok(done.some((e) => e.activity === 'activateConnector'));
  });
});
