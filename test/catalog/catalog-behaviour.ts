// Behaviour every catalog backend must show; run by the PGlite and the PostgreSQL test files.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql } from 'kysely';
import { jsonb, MIGRATIONS, type Catalog } from '../../catalog/index.js';

export function describeCatalogBehaviour(getCatalog: () => Catalog): void {
  it('applies every migration and records an install id', async () => {
    const { db } = getCatalog();
    const applied = await db
      .selectFrom('kysely_migration' as never)
      .select(sql<string>`name`.as('name'))
      .execute();
    assert.deepEqual(applied.map((row) => row.name).sort(), Object.keys(MIGRATIONS).sort());
    const meta = await db
      .selectFrom('lantern_meta')
      .selectAll()
      .where('key', '=', 'install_id')
      .executeTakeFirstOrThrow();
    assert.match(meta.value, /^[0-9a-f-]{36}$/);
  });

  it('stores a connector with defaults and round-trips its options as JSON', async () => {
    const { db } = getCatalog();
    const options = { scopes: ['User.Read.All', 'Group.Read.All'], nested: { n: 1, flag: true } };
    await db
      .insertInto('connectors')
      .values({ id: 'contoso', display_name: 'Contoso', tenant_id: null, options: jsonb(options) })
      .execute();
    const row = await db.selectFrom('connectors').selectAll().where('id', '=', 'contoso').executeTakeFirstOrThrow();
    assert.equal(row.status, 'pending');
    assert.deepEqual(row.options, options);
    assert.ok(row.created_at instanceof Date);
  });

  it('keeps the audit log append-only: updates and deletes are refused by the database', async () => {
    const { db } = getCatalog();
    const { id } = await db
      .insertInto('audit_log')
      .values({
        actor: 'admin',
        action: 'connector.created',
        subject: 'connector:contoso',
        detail: jsonb({ before: null, after: ['x', 'y'] }),
        request_id: 'req-1',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    assert.equal(typeof id, 'string', 'bigserial ids read as strings on every backend');
    await assert.rejects(
      db.updateTable('audit_log').set({ actor: 'someone else' }).where('id', '=', id).execute(),
      /append-only/,
    );
    await assert.rejects(db.deleteFrom('audit_log').where('id', '=', id).execute(), /append-only/);
    const row = await db.selectFrom('audit_log').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.actor, 'admin');
    assert.deepEqual(row.detail, { before: null, after: ['x', 'y'] });
  });

  it('rolls back a failed transaction and stays usable', async () => {
    const { db } = getCatalog();
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('connectors').values({ id: 'rolled-back', display_name: 'x', tenant_id: null }).execute();
        throw new Error('boom');
      }),
      /boom/,
    );
    const found = await db.selectFrom('connectors').select('id').where('id', '=', 'rolled-back').execute();
    assert.deepEqual(found, []);
    await getCatalog().ping();
  });
}
