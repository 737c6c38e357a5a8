// Grants already running when a new Lantern version deploys must replay on the new workflow code. These histories were
// recorded with the code before the removal-first and provision-records-active patches (expiry, early revoke through a
// Graph 5xx storm, extension); each must replay without a nondeterminism error, taking its old path at every patch.
// Recorded at commit 3d003e2 with the access harness; each file is the History message as protobuf-JSON objects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import protoPackage from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../worker/index.js';

const { History } = protoPackage.temporal.api.history.v1;
const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

test('grant histories recorded by the previous workflow code replay on the current code', async () => {
  const files = (await readdir(fixtures)).filter((name) => name.startsWith('history-'));
  assert.equal(files.length, 3);
  const histories = await Promise.all(files.map(async (name) =>
    ({ workflowId: name, history: History.fromObject(JSON.parse(await readFile(`${fixtures}${name}`, 'utf8'))) })));
  let replayed = 0;
  for await (const result of Worker.runReplayHistories({ workflowsPath: WORKFLOWS_PATH, replayName: 'older-histories' }, histories)) {
    assert.equal(result.error, undefined, `${result.workflowId}: ${String(result.error)}`);
    replayed += 1;
  }
  assert.equal(replayed, 3);
});
