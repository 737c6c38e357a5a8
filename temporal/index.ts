export { connectClient, connectWorker, temporalAddress, temporalConnectionOptions, type TemporalConnectionOptions } from './connection.js';
export * from './search-attributes.js';
export { TASK_QUEUES } from './task-queues.js';
export { installTemporalRuntime } from './runtime.js';
