// The removal guards on the catalog alone (PGlite): each rule refuses what it protects and lets everything else go.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openCatalog, type Catalog } from '../../catalog/index.js';
import { isCountGuarded, removalRefusal } from '../../catalog/access/guards.js';
import { entitlementIds } from '../../domain/entitlement-id.js';
import { GLOBAL_ADMINISTRATOR_ROLE_ID } from '../../domain/well-known.js';
import { connectorRow, userRow } from '../helpers/catalog-rows.js';
import { createTempDir, type TempDir } from '../helpers/temp-dir.js';

const C = 'conn-guards';
const GA = entitlementIds.roleMember(GLOBAL_ADMINISTRATOR_ROLE_ID);
const FINANCE_MEMBER = entitlementIds.groupMember('g-finance');

describe('removal guards (catalog)', () => {
  let dir: TempDir;
  let catalog: Catalog;
  const refusal = (entitlementId: string, principalId: string) =>
    removalRefusal(catalog.db, C, { entitlementId, principalId });
  const grant = (
    entitlementId: string,
    principalId: string,
    viaGroupId = '',
    kind: 'user' | 'servicePrincipal' = 'user',
  ) =>
    catalog.db
      .insertInto('grants')
      .values({
        connector_id: C,
        entitlement_id: entitlementId,
        principal_id: principalId,
        principal_kind: kind,
        via_group_id: viaGroupId,
        source_id: null,
        generation: 1,
      })
      .execute();
  const ungrant = (entitlementId: string, principalId: string) =>
    catalog.db
      .deleteFrom('grants')
      .where('entitlement_id', '=', entitlementId)
      .where('principal_id', '=', principalId)
      .execute();

  before(async () => {
    dir = await createTempDir('lantern-guards-');
    catalog = await openCatalog({ dataDir: dir.path });
    await catalog.db
      .insertInto('connectors')
      .values(connectorRow(C, { displayName: 'Contoso', tenantId: null }))
      .execute();
    await catalog.db
      .insertInto('principals')
      .values([
        userRow(C, 'u-breakglass', { upn: 'breakglass@contoso.test' }),
        userRow(C, 'u-ann'),
        userRow(C, 'u-bob'),
        userRow(C, 'u-gone', { enabled: false }),
      ])
      .execute();
  });
  after(async () => {
    await catalog?.close();
    await dir?.remove();
  });

  it('refuses any removal of a protected account, naming its UPN and the reason', async () => {
    await grant(FINANCE_MEMBER, 'u-breakglass');
    await catalog.db
      .insertInto('protected_accounts')
      .values([
        { connector_id: C, principal_id: 'u-breakglass', reason: 'emergency access', added_by: 'admin' },
        { connector_id: C, principal_id: 'sp-unsynced', reason: 'monitoring agent', added_by: 'admin' },
      ])
      .execute();
    assert.equal(
      await refusal(FINANCE_MEMBER, 'u-breakglass'),
      'Refused: breakglass@contoso.test is a protected account (emergency access); remove it from the protected accounts first.',
    );
    assert.match((await refusal(GA, 'u-breakglass')) ?? '', /breakglass@contoso\.test is a protected account/);
    assert.match(
      (await refusal(FINANCE_MEMBER, 'sp-unsynced')) ?? '',
      /^Refused: sp-unsynced is a protected account \(monitoring agent\)/,
      'an account the catalog has not synced is named by its id',
    );
    assert.equal(await refusal(FINANCE_MEMBER, 'u-ann'), null, 'others may lose the same access');
  });

  it('protected accounts are per connector', async () => {
    await catalog.db
      .insertInto('connectors')
      .values(connectorRow('conn-other', { displayName: 'Other', tenantId: null }))
      .execute();
    assert.equal(
      await removalRefusal(catalog.db, 'conn-other', { entitlementId: FINANCE_MEMBER, principalId: 'u-breakglass' }),
      null,
    );
  });

  it('refuses removing the last direct owner of a group or an app, and allows one of two', async () => {
    const owner = entitlementIds.groupOwner('g-legal');
    await grant(owner, 'u-ann');
    await grant(owner, 'u-bob', 'g-nested'); // an owner through a group does not count: ownership is direct only
    assert.match((await refusal(owner, 'u-ann')) ?? '', /^Refused: this is the last owner of the group/);
    await grant(owner, 'u-bob');
    assert.equal(await refusal(owner, 'u-ann'), null);
    assert.equal(await refusal(owner, 'u-bob'), null);
    await ungrant(owner, 'u-bob');
    assert.match((await refusal(owner, 'u-ann')) ?? '', /last owner of the group/, 'as each removal leaves it');

    const appOwner = entitlementIds.appOwner('sp-payroll');
    await grant(appOwner, 'u-ann');
    assert.match((await refusal(appOwner, 'u-ann')) ?? '', /^Refused: this is the last owner of the app/);
  });

  it('refuses removing the last enabled Global Administrator, counting only enabled users', async () => {
    await grant(GA, 'u-ann');
    await grant(GA, 'u-gone');
    await grant(GA, 'sp-automation', '', 'servicePrincipal');
    assert.match((await refusal(GA, 'u-ann')) ?? '', /last enabled Global Administrator/);
    await grant(GA, 'u-bob', 'g-admins'); // through a role-assignable group counts: Bob is a Global Administrator
    assert.equal(await refusal(GA, 'u-ann'), null);
    await catalog.db.updateTable('principals').set({ account_enabled: false }).where('id', '=', 'u-bob').execute();
    assert.match((await refusal(GA, 'u-ann')) ?? '', /last enabled Global Administrator/, 'Bob left (disabled)');
  });

  it('lets every other removal go, and names the removals that must run one at a time', async () => {
    assert.equal(await refusal(entitlementIds.roleMember('role-helpdesk'), 'u-ann'), null);
    assert.equal(await refusal(entitlementIds.appRole('sp-payroll', 'r-1'), 'u-ann'), null);
    assert.equal(isCountGuarded({ entitlementId: GA }), true);
    assert.equal(isCountGuarded({ entitlementId: entitlementIds.groupOwner('g') }), true);
    assert.equal(isCountGuarded({ entitlementId: FINANCE_MEMBER }), false);
  });
});
