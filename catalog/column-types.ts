// Column types shared by every catalog table group: how jsonb, timestamptz, bigint and text[] columns read and write
// through Kysely, the same on PGlite and PostgreSQL.
import type { ColumnType, RawBuilder } from 'kysely';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };
/** jsonb columns read as parsed JSON and are written only through jsonb() from ./json.js (same bytes on both drivers). */
export type Jsonb<T extends JsonValue = JsonObject> = ColumnType<T, RawBuilder<T>, RawBuilder<T>>;
/** A jsonb column with a database default. */
export type JsonbWithDefault<T extends JsonValue = JsonObject> = ColumnType<
  T,
  RawBuilder<T> | undefined,
  RawBuilder<T>
>;
/** A timestamptz column without a default: read as Date; written as a Date or an ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** Timestamps with a now() default (don't wrap Timestamp in Generated<>: Kysely would not unwrap it on select): read as Date; writes may pass a Date or an ISO string, or omit them. */
export type TimestampWithDefault = ColumnType<Date, Date | string | undefined, Date | string>;
/** A nullable timestamptz column: read as Date or null; may be omitted on insert. */
export type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** bigint: reads as a string on both drivers (int8 parser), written as a number. */
export type Generation = ColumnType<string, number | string, number | string>;
/** text[]: written through textArray() from ./directory/writes/sql.js so both drivers send the same bytes. */
export type TextArray = ColumnType<string[], unknown, unknown>;
