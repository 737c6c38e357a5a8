export { buildApp } from './app.js';
export { startApi, type RunningApi } from './server.js';
export { temporalGateway } from './temporal-gateway.js';
export { apiLoggerOptions } from './logger.js';
export type { AppDeps, TemporalGateway } from './deps.js';
export { requireRole, publicAccess, type Role, type Principal } from './auth.js';
export { ApiError, apiErrors } from './errors.js';
