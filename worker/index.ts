export {
  createWorker,
  runWorker,
  WORKFLOWS_PATH,
  type CreateWorkerOptions,
  type RunningWorker,
} from './create-worker.js';
