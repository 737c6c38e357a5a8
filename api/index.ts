export { buildApp } from './app.js';
export { startApi, type RunningApi } from './server.js';
export { apiLoggerOptions } from './http/logger.js';
export type { AppDeps } from './deps.js';
export { requireRole, publicAccess, type Role, type Principal } from './http/auth.js';
export { ApiError, apiErrors } from './http/errors.js';
