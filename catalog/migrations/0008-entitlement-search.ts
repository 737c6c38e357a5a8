// Request access searches every entitlement of a tenant as the person types. A stored lowercase search text (name plus
// the kind in words) lets that be one plain LIKE per row, and its text_pattern_ops index serves prefix matches.
// Portable on purpose: PGlite has no pg_trgm, and a generated column needs no change to the sync's writers.
import { sql, type Kysely, type Migration } from 'kysely';

const KIND_WORDS = `case kind when 'member' then 'member group' when 'owner' then 'owner' when 'appRole' then 'app role'
  when 'roleMember' then 'directory role' else '' end`;

export const entitlementSearch: Migration = {
  async up(db: Kysely<unknown>) {
    await sql
      .raw(
        `alter table entitlements add column search_text text not null
          generated always as (lower(display_name) || ' ' || ${KIND_WORDS}) stored`,
      )
      .execute(db);
    await sql
      .raw('create index entitlements_search_prefix_idx on entitlements (connector_id, search_text text_pattern_ops)')
      .execute(db);
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('entitlements').dropColumn('search_text').execute();
  },
};
