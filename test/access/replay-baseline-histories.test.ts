// Grants already running when a new Lantern version deploys must replay on the new workflow code. Each kept release
// baseline's histories (fixtures/baseline-<major.minor>/, recorded by record-baseline.ts) must replay without a
// nondeterminism error on the current code; the current release line's baseline must hold every scenario. README,
// "Workflow changes and patches", says when a baseline is recorded and when it goes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import protoPackage from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../worker/index.js';
import { BASELINE_SCENARIOS, baselineDir, FIXTURES_DIR, releaseLine } from './baseline.js';

const { History } = protoPackage.temporal.api.history.v1;

async function historiesOf(baseline: string) {
  const dir = `${FIXTURES_DIR}${baseline}/`;
  const names = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort();
  return Promise.all(
    names.map(async (name) => ({
      workflowId: `${baseline}/${name}`,
      history: History.fromObject(JSON.parse(await readFile(`${dir}${name}`, 'utf8'))),
    })),
  );
}

test('the current release line has a recorded baseline with every grant scenario', async () => {
  const names = (await readdir(baselineDir(await releaseLine()))).filter((name) => name.endsWith('.json'));
  assert.deepEqual(names.sort(), BASELINE_SCENARIOS.map((name) => `${name}.json`).sort());
});

test('replays the grant histories recorded by every kept release baseline (the first is 0.1) on the current code', async () => {
  const baselines = (await readdir(FIXTURES_DIR)).filter((name) => name.startsWith('baseline-'));
  const histories = (await Promise.all(baselines.map(historiesOf))).flat();
  let replayed = 0;
  for await (const result of Worker.runReplayHistories(
    { workflowsPath: WORKFLOWS_PATH, replayName: 'baseline-histories' },
    histories,
  )) {
    assert.equal(result.error, undefined, `${result.workflowId}: ${String(result.error)}`);
    replayed += 1;
  }
  assert.equal(replayed, histories.length);
});
