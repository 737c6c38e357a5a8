export {
  connectClient,
  connectWorker,
  temporalAddress,
  temporalConnectionOptions,
  type TemporalConnectionOptions,
} from './connection.js';
export * from './search-attributes.js';
export { installTemporalRuntime } from './runtime.js';
