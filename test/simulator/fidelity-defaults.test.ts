// Default property sets and @odata.id, replayed from Microsoft's documented examples (group-list.md,
// serviceprincipal-list.md, organization-get.md, unifiedroledefinition-list.md, oauth2permissiongrant-list.md) through
// the official Graph client: without $select every default property of the type is present (null or [] when unset),
// $select still narrows, $filter-only properties are never returned.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { RunningSimulator } from '../../simulator/index.js';
import { appOnlyGraphClient, realTenantFromEnv, realTenantGraphClient, startTestSimulator } from './clients.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** Keys of the first documented list item (group-list.md Example 1; "shortened for readability" ones excluded). */
const GROUP_DOCUMENTED = [
  'id',
  'deletedDateTime',
  'classification',
  'createdDateTime',
  'description',
  'displayName',
  'expirationDateTime',
  'groupTypes',
  'isAssignableToRole',
  'mail',
  'mailEnabled',
  'mailNickname',
  'membershipRule',
  'membershipRuleProcessingState',
  'onPremisesLastSyncDateTime',
  'onPremisesSecurityIdentifier',
  'onPremisesSyncEnabled',
  'preferredDataLocation',
  'preferredLanguage',
  'proxyAddresses',
  'renewedDateTime',
  'resourceBehaviorOptions',
  'resourceProvisioningOptions',
  'securityEnabled',
  'theme',
  'visibility',
  'onPremisesProvisioningErrors',
];

const SP_DOCUMENTED = [
  'id',
  'deletedDateTime',
  'accountEnabled',
  'appDisplayName',
  'appId',
  'appOwnerOrganizationId',
  'appRoleAssignmentRequired',
  'displayName',
  'homepage',
  'logoutUrl',
  'replyUrls',
  'servicePrincipalNames',
  'tags',
  'addIns',
  'appRoles',
  'info',
  'keyCredentials',
  'oauth2PermissionScopes',
  'passwordCredentials',
  'alternativeNames',
  'tokenEncryptionKeyId',
];

const ORGANIZATION_DOCUMENTED = [
  'id',
  'assignedPlans',
  'businessPhones',
  'city',
  'country',
  'countryLetterCode',
  'createdDateTime',
  'displayName',
  'marketingNotificationEmails',
  'onPremisesLastSyncDateTime',
  'onPremisesSyncEnabled',
  'postalCode',
  'preferredLanguage',
  'privacyProfile',
  'provisionedPlans',
  'securityComplianceNotificationMails',
  'securityComplianceNotificationPhones',
  'state',
  'street',
  'technicalNotificationMails',
  'tenantType',
  'verifiedDomains',
];

function missing(object: Json, keys: string[]): string[] {
  return keys.filter((k) => !(k in object));
}

interface Target {
  client: Client;
  tenantId: string;
  /** Graph's service root as it writes it in @odata.id (https://graph.microsoft.com for Microsoft). */
  serviceRoot: string;
  close(): Promise<void>;
}

/** Shapes that must hold against the simulator and against Microsoft alike (read-only). */
function contractSuite(name: string, setup: () => Promise<Target>) {
  describe(`Default property sets (${name})`, () => {
    let t: Target;
    before(async () => {
      t = await setup();
    });
    after(async () => {
      await t.close();
    });

    it('returns every default group property, [] for empty collections, and no $select-only ones', async () => {
      const page: Json = await t.client.api('/groups').get();
      for (const group of page.value) {
        assert.deepEqual(missing(group, GROUP_DOCUMENTED), [], group.displayName);
        assert.ok(Array.isArray(group.proxyAddresses) && Array.isArray(group.onPremisesProvisioningErrors));
        for (const selectOnly of [
          'assignedLicenses',
          'allowExternalSenders',
          'unseenCount',
          'hasMembersWithLicenseErrors',
        ])
          assert.ok(!(selectOnly in group), `${selectOnly} is $select-only`);
      }
      const mailEnabled = page.value.find((g: Json) => g.mailEnabled);
      if (mailEnabled) assert.ok(mailEnabled.proxyAddresses.includes(`SMTP:${mailEnabled.mail}`));
      const one: Json = await t.client.api(`/groups/${page.value[0].id}`).get();
      assert.deepEqual(missing(one, GROUP_DOCUMENTED), []);
    });

    it('keeps $select narrowing and never returns hasMembersWithLicenseErrors', async () => {
      const page: Json = await t.client
        .api('/groups')
        .select(['id', 'displayName', 'assignedLicenses', 'hasMembersWithLicenseErrors'])
        .get();
      for (const group of page.value) {
        assert.deepEqual(Object.keys(group).sort(), ['assignedLicenses', 'displayName', 'id']);
        assert.ok(Array.isArray(group.assignedLicenses));
      }
    });

    it('returns every default service principal property with Graph’s empty shapes', async () => {
      const page: Json = await t.client.api('/servicePrincipals').get();
      for (const sp of page.value) {
        assert.deepEqual(missing(sp, SP_DOCUMENTED), [], sp.displayName);
        assert.ok(Array.isArray(sp.keyCredentials) && Array.isArray(sp.passwordCredentials));
        assert.ok(sp.info !== null && typeof sp.info === 'object' && 'privacyStatementUrl' in sp.info);
        assert.ok(!('customSecurityAttributes' in sp), 'customSecurityAttributes is $select-only');
      }
    });

    it('returns every organization property', async () => {
      const page: Json = await t.client.api('/organization').get();
      const org = page.value[0];
      assert.deepEqual(missing(org, ORGANIZATION_DOCUMENTED), []);
      assert.ok(Array.isArray(org.provisionedPlans) && Array.isArray(org.technicalNotificationMails));
    });

    it('returns version and resourceScopes on built-in role definitions', async () => {
      const page: Json = await t.client.api('/roleManagement/directory/roleDefinitions').get();
      for (const def of page.value.filter((d: Json) => d.isBuiltIn)) {
        assert.equal(def.version, '1');
        assert.deepEqual(def.resourceScopes, ['/']);
      }
    });

    it('writes @odata.id on every listed oauth2PermissionGrant', async () => {
      const page: Json = await t.client.api('/oauth2PermissionGrants').get();
      for (const grant of page.value)
        assert.equal(grant['@odata.id'], `${t.serviceRoot}/v2/${t.tenantId}/oauth2PermissionGrants/${grant.id}`);
    });

    it('writes @odata.id on items of an advanced query with NOT (documented dynamic-groups example)', async () => {
      const page: Json = await t.client
        .api('/groups')
        .header('ConsistencyLevel', 'eventual')
        .query({ $count: 'true' })
        .filter(
          "mailEnabled eq false and securityEnabled eq true and NOT(groupTypes/any(s:s eq 'Unified')) and membershipRuleProcessingState eq 'On'",
        )
        .select(['id', 'membershipRule', 'membershipRuleProcessingState'])
        .get();
      for (const group of page.value)
        assert.equal(
          group['@odata.id'],
          `${t.serviceRoot}/v2/${t.tenantId}/directoryObjects/${group.id}/Microsoft.DirectoryServices.Group`,
        );
    });
  });
}

contractSuite('simulator', async () => {
  const sim = await startTestSimulator();
  const tenantId = sim.tenants[0]!.id;
  return {
    client: appOnlyGraphClient(sim, { tenantId }),
    tenantId,
    serviceRoot: sim.graphBaseUrl.replace(/\/+$/, ''),
    close: () => sim.close(),
  };
});

const real = realTenantFromEnv();
if (real) {
  contractSuite('real tenant', async () => ({
    client: realTenantGraphClient(real),
    tenantId: real.tenantId,
    serviceRoot: 'https://graph.microsoft.com',
    close: async () => {},
  }));
} else {
  describe('Default property sets (real tenant)', () => {
    it(
      'runs when LANTERN_CONTRACT_TENANT_ID/CLIENT_ID/CLIENT_SECRET are set',
      { skip: 'no real tenant configured' },
      () => {},
    );
  });
}

describe('Default property sets and @odata.id (simulator only)', () => {
  let sim: RunningSimulator;
  let client: Client;
  before(async () => {
    sim = await startTestSimulator();
    client = appOnlyGraphClient(sim, { tenantId: sim.tenants[0]!.id });
  });
  after(async () => {
    await sim.close();
  });

  it('has data behind the shapes: grants, dynamic groups, mail-enabled groups', async () => {
    const grants: Json = await client.api('/oauth2PermissionGrants').get();
    assert.ok(grants.value.length > 0);
    const dynamic: Json = await client
      .api('/groups')
      .header('ConsistencyLevel', 'eventual')
      .query({ $count: 'true' })
      .filter("NOT(groupTypes/any(s:s eq 'Unified')) and membershipRuleProcessingState eq 'On'")
      .select(['id'])
      .get();
    assert.ok(dynamic['@odata.count'] >= 1 && '@odata.id' in dynamic.value[0]);
    const mailEnabled: Json = await client
      .api('/groups')
      .filter('mailEnabled eq true')
      .select(['mail', 'proxyAddresses'])
      .get();
    assert.deepEqual(mailEnabled.value[0].proxyAddresses, [`SMTP:${mailEnabled.value[0].mail}`]);
  });

  it('writes no @odata.id on standard queries or $search (user-list.md Example 6)', async () => {
    const plain: Json = await client.api('/groups').select(['id']).get();
    assert.ok(!('@odata.id' in plain.value[0]));
    const search: Json = await client
      .api('/users')
      .header('ConsistencyLevel', 'eventual')
      .query({ $search: '"displayName:meg"' })
      .select(['id'])
      .get();
    assert.ok(search.value.length > 0 && !('@odata.id' in search.value[0]));
  });
});
