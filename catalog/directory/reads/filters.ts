// Filter validation shared by the listings: unknown enum values are the caller's mistake (400), not an empty page.
import { InvalidQueryError } from './errors.js';

export function oneOf<T extends string>(name: string, value: T | undefined, allowed: readonly T[]): T | undefined {
  if (value !== undefined && !allowed.includes(value))
    throw new InvalidQueryError(`${name} must be one of ${allowed.join(', ')}`);
  return value;
}

export function searchText(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed.length > 256) throw new InvalidQueryError('search must be at most 256 characters');
  return trimmed === '' ? undefined : trimmed;
}

export function requiredId(name: string, value: string | undefined): string {
  if (typeof value !== 'string' || value === '' || value.length > 512)
    throw new InvalidQueryError(`${name} is required`);
  return value;
}

export const iso = (value: Date | null): string | null => (value ? value.toISOString() : null);
