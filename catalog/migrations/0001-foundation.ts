// Base tables the rest of the schema builds on: install metadata, connectors (one per Entra tenant), and the audit log.
import { sql, type Kysely, type Migration } from 'kysely';

export const foundation: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('lantern_meta')
      .addColumn('key', 'text', (col) => col.primaryKey())
      .addColumn('value', 'text', (col) => col.notNull())
      .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
      .execute();
    await sql`insert into lantern_meta (key, value) values ('install_id', gen_random_uuid()::text)`.execute(db);

    await db.schema
      .createTable('connectors')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('display_name', 'text', (col) => col.notNull())
      .addColumn('tenant_id', 'text')
      .addColumn('status', 'text', (col) => col.notNull().defaultTo('pending'))
      .addColumn('options', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
      .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
      .execute();
    // One connector per tenant once the tenant is known.
    await db.schema.createIndex('connectors_tenant_id_key').unique().on('connectors').column('tenant_id').execute();

    await db.schema
      .createTable('audit_log')
      .addColumn('id', 'bigserial', (col) => col.primaryKey())
      .addColumn('at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
      .addColumn('actor', 'text', (col) => col.notNull())
      .addColumn('action', 'text', (col) => col.notNull())
      .addColumn('subject', 'text')
      .addColumn('detail', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
      .addColumn('request_id', 'text')
      .execute();
    await db.schema.createIndex('audit_log_subject_at_idx').on('audit_log').columns(['subject', 'at']).execute();
    // The audit log is evidence: the database itself refuses to rewrite or delete it.
    await sql`create function audit_log_is_append_only() returns trigger language plpgsql as $$
      begin raise exception 'audit_log is append-only (% refused)', tg_op; end $$`.execute(db);
    await sql`create trigger audit_log_append_only before update or delete on audit_log
      for each row execute function audit_log_is_append_only()`.execute(db);
    await sql`create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_log_is_append_only()`.execute(db);
  },

  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('audit_log').execute();
    await sql`drop function audit_log_is_append_only()`.execute(db);
    await db.schema.dropTable('connectors').execute();
    await db.schema.dropTable('lantern_meta').execute();
  },
};
