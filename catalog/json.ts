// Writes jsonb the same way on both drivers: pg turns JS arrays into Postgres arrays and PGlite JSON-encodes
// strings, so we always send JSON text and cast it explicitly.
import { sql, type RawBuilder } from 'kysely';
import type { JsonValue } from './column-types.js';

export function jsonb<T extends JsonValue>(value: T): RawBuilder<T> {
  return sql<T>`cast(${JSON.stringify(value)} as jsonb)`;
}
