// Kysely types for people's sign-in sessions (migration 0005-sessions).
import type { JsonbWithDefault, Timestamp, TimestampWithDefault } from '../column-types.js';

export interface SessionsTable {
  /** SHA-256 hex of the session id; the id itself lives only in the browser's cookie. */
  id_hash: string;
  object_id: string;
  tenant_id: string;
  upn: string;
  display_name: string;
  /** App role values from the id token; honoured only for the home tenant (recorded as [] otherwise). */
  app_roles: JsonbWithDefault<string[]>;
  csrf_secret: string;
  created_at: TimestampWithDefault;
  last_seen_at: TimestampWithDefault;
  /** Absolute end, whatever the activity. */
  expires_at: Timestamp;
}
