// Loads Lantern's configuration: optional JSON file (LANTERN_CONFIG), then environment variables on top, validated once.
import { readFileSync } from 'node:fs';
import { ENV_VARS } from './env-vars.js';
import { ConfigError, configErrorFromIssues, type ValueSources } from './config-error.js';
import { configSchema, type Config } from './schema.js';

export interface LoadConfigOptions {
  /** Defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** JSON config file; defaults to env LANTERN_CONFIG. */
  file?: string;
}

export function loadConfig(opts: LoadConfigOptions = {}): Config {
  const env = opts.env ?? process.env;
  const filePath = opts.file ?? nonEmpty(env.LANTERN_CONFIG);
  const file = filePath ? { path: filePath, data: readConfigFile(filePath) } : undefined;
  const sources: ValueSources = file ? { env, file } : { env };
  const merged = deepMerge(file?.data ?? {}, settingsFromEnv(env));
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) throw configErrorFromIssues(parsed.error.issues, sources);
  return parsed.data;
}

/** Env vars set to the empty string count as unset (docker-compose writes `FOO=` for "not configured"). */
function settingsFromEnv(env: Record<string, string | undefined>): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const envVar of ENV_VARS) {
    const raw = nonEmpty(env[envVar.name]);
    if (raw === undefined) continue;
    const value =
      envVar.kind === 'list'
        ? raw
            .split(',')
            .map((item) => item.trim())
            .filter(Boolean)
        : raw;
    setAt(settings, envVar.path, value);
  }
  return settings;
}

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `LANTERN_CONFIG must be a readable JSON file, got "${path}" (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`LANTERN_CONFIG file ${path} must contain valid JSON: ${(error as Error).message}`);
  }
  if (!isPlainObject(data)) throw new ConfigError(`LANTERN_CONFIG file ${path} must contain a JSON object of settings`);
  return data;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function setAt(target: Record<string, unknown>, dottedPath: string, value: unknown): void {
  const keys = dottedPath.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (!isPlainObject(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]!] = value;
}

function deepMerge(base: Record<string, unknown>, override: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const existing = result[key];
    result[key] = isPlainObject(existing) && isPlainObject(value) ? deepMerge(existing, value) : value;
  }
  return result;
}
