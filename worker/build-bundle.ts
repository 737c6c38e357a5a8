// `npm run build:workflows`: prebuilds the workflow bundle so production workers start without webpack.
// Point LANTERN_WORKFLOW_BUNDLE at the output.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOWS_PATH } from './create-worker.js';

const outputPath = resolve(process.argv[2] ?? 'dist/workflow-bundle.js');
const started = Date.now();
const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH });
await mkdir(dirname(outputPath), { recursive: true });
await writeFile(outputPath, code);
console.log(`Wrote ${outputPath} (${(code.length / 1024).toFixed(0)} KiB) in ${Date.now() - started} ms`);
