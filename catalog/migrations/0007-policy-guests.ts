// Just-in-time access: whether a policy lets guests (Entra userType Guest) receive its entitlement. Off by default, so
// policies written before this migration keep refusing guests. (The manager approver lives in the approvers jsonb.)
import { sql, type Kysely, type Migration } from 'kysely';

export const policyGuests: Migration = {
  async up(db: Kysely<unknown>) {
    await sql.raw('alter table access_policies add column allow_guests boolean not null default false').execute(db);
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('access_policies').dropColumn('allow_guests').execute();
  },
};
