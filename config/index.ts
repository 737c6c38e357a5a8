export { loadConfig, type LoadConfigOptions } from './load-config.js';
export { ConfigError } from './config-error.js';
export { redactedConfig, redactUrlPassword } from './redact.js';
export { configSchema, LOG_LEVELS, type Config, type ConfigInput } from './schema.js';
export { ENV_VARS, type EnvVar } from './env-vars.js';
export { ENTRA_CLOUD_NAMES, type EntraCloudName, type EntraSettings } from './entra-schema.js';
export { appCredentialsFor, entraAccessFromSettings, type EntraAccess } from './entra-credentials.js';
export { SIMULATOR_MODES, type SimulatorSettings } from './simulator-schema.js';
