// Just-in-time access: the expiry warning email's lead time per policy. Null = the connector default policy's value,
// else Lantern's global default (15 minutes); 0 = no warning.
import { sql, type Kysely, type Migration } from 'kysely';

export const expiryWarning: Migration = {
  async up(db: Kysely<unknown>) {
    await sql
      .raw('alter table access_policies add column expiry_warning_seconds integer check (expiry_warning_seconds >= 0)')
      .execute(db);
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('access_policies').dropColumn('expiry_warning_seconds').execute();
  },
};
