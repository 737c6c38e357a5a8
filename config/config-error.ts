// Every configuration problem becomes one ConfigError whose message names the setting and what it expects.
import type { core } from 'zod';
import { envVarForPath } from './env-vars.js';

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    message: string,
    readonly problems: string[] = [message],
  ) {
    super(message);
  }
}

export interface ValueSources {
  env: Record<string, string | undefined>;
  file?: { path: string; data: Record<string, unknown> };
}

export function configErrorFromIssues(issues: core.$ZodIssue[], sources: ValueSources): ConfigError {
  const problems = issues.map((issue) => describeIssue(issue, sources));
  return new ConfigError(`Invalid configuration: ${problems.join('; ')}`, problems);
}

function describeIssue(issue: core.$ZodIssue, sources: ValueSources): string {
  const settingPath = issue.path.filter((part) => typeof part === 'string').join('.');
  if (issue.code === 'unrecognized_keys') {
    const where = sources.file ? ` in ${sources.file.path}` : '';
    const keys = issue.keys.map((key) => (settingPath ? `${settingPath}.${key}` : key));
    return `unknown setting ${keys.join(', ')}${where} (check the spelling)`;
  }
  const envVar = envVarForPath(settingPath);
  const envValue = envVar ? sources.env[envVar.name] : undefined;
  if (envVar && envValue !== undefined && envValue !== '') {
    return `${envVar.name} must be ${issue.message}, got ${shown(envValue, envVar.secret)}`;
  }
  const fileValue = sources.file ? valueAt(sources.file.data, settingPath) : undefined;
  if (sources.file && fileValue !== undefined) {
    const alias = envVar ? ` (${envVar.name})` : '';
    return `${settingPath}${alias} in ${sources.file.path} must be ${issue.message}, got ${shown(fileValue, envVar?.secret)}`;
  }
  return `${envVar?.name ?? (settingPath || 'configuration')} must be ${issue.message}`;
}

function shown(value: unknown, secret = false): string {
  if (secret) return `a secret value (${String(value).length} characters, not shown)`;
  return JSON.stringify(value);
}

export function valueAt(data: Record<string, unknown>, dottedPath: string): unknown {
  let node: unknown = data;
  for (const key of dottedPath.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
