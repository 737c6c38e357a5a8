// A copy of the config that is safe to log: secrets (tokens, API keys, database passwords) are replaced.
import { ENV_VARS } from './env-vars.js';
import { valueAt } from './config-error.js';
import type { Config } from './schema.js';

const REDACTED = '[redacted]';

export function redactedConfig(config: Config): Record<string, unknown> {
  const copy = structuredClone(config) as unknown as Record<string, unknown>;
  for (const envVar of ENV_VARS.filter((v) => v.secret)) {
    const value = valueAt(copy, envVar.path);
    if (value === undefined) continue;
    replaceAt(copy, envVar.path, redactValue(envVar.path, value));
  }
  return copy;
}

function redactValue(path: string, value: unknown): unknown {
  if (Array.isArray(value)) return value.map(() => REDACTED);
  if (path === 'databaseUrl' && typeof value === 'string') return redactUrlPassword(value);
  return REDACTED;
}

/** Keeps host and database visible (useful when debugging) but never the password. */
export function redactUrlPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = 'redacted';
    return parsed.toString();
  } catch {
    return REDACTED;
  }
}

function replaceAt(target: Record<string, unknown>, dottedPath: string, value: unknown): void {
  const keys = dottedPath.split('.');
  const parent = valueAt(target, keys.slice(0, -1).join('.')) ?? target;
  (keys.length === 1 ? target : (parent as Record<string, unknown>))[keys[keys.length - 1]!] = value;
}
