// The second app registration: a readOnly tenant consents to (and is reached through) the primary app, which declares
// no write permission; a readWrite tenant to the read-write app. Configuration, consent URL, verification and the
// sync/access token choice, against the simulator's two registrations.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createConnectorActivities, connectorLoader } from '../../activities/connectors/index.js';
import { insertConnector, markConnectorConnected } from '../../catalog/connectors.js';
import {
  appCredentialsFor,
  ConfigError,
  entraAccessFromSettings,
  loadConfig,
  redactedConfig,
  type EntraAccess,
} from '../../config/index.js';
import { DEFAULT_CONNECTOR_OPTIONS, type PermissionSetName } from '../../domain/connector.js';
import { createOwnerOAuth } from '../../entra/oauth.js';
import { createTenantGraph } from '../../entra/tenant-graph.js';
import type { RunningSimulator } from '../../simulator/index.js';
import { openTestCatalog, type TestCatalog } from '../helpers/api-app.js';
import { GRAPH_DEFAULT_SCOPE, startTestSimulator } from '../simulator/clients.js';
import { simulatorLanternEnv } from '../helpers/simulator-env.js';

const PRIMARY = { LANTERN_ENTRA_CLIENT_ID: 'primary-app', LANTERN_ENTRA_CLIENT_SECRET: 'primary-secret' };
const configError = (env: Record<string, string>): string => {
  try {
    loadConfig({ env });
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return 'no error';
};

describe('read-write app configuration', () => {
  it('reads the second app from LANTERN_ENTRA_RW_* and keeps its secret out of the logged configuration', () => {
    const config = loadConfig({
      env: { ...PRIMARY, LANTERN_ENTRA_RW_CLIENT_ID: 'rw-app', LANTERN_ENTRA_RW_CLIENT_SECRET: 'rw-secret-value' },
    });
    assert.equal(config.entra.readWrite?.clientId, 'rw-app');
    assert.deepEqual(entraAccessFromSettings(config.entra)?.readWriteCredentials, {
      clientId: 'rw-app',
      clientSecret: 'rw-secret-value',
    });
    assert.ok(!JSON.stringify(redactedConfig(config)).includes('rw-secret-value'));
  });

  it('refuses an incomplete or misplaced read-write app, naming the variable to fix', () => {
    assert.match(
      configError({ ...PRIMARY, LANTERN_ENTRA_RW_CLIENT_ID: 'rw-app' }),
      /LANTERN_ENTRA_RW_CLIENT_SECRET must be set \(or LANTERN_ENTRA_RW_CERT_PATH \+ LANTERN_ENTRA_RW_KEY_PATH\)/,
    );
    assert.match(
      configError({ ...PRIMARY, LANTERN_ENTRA_RW_CLIENT_SECRET: 'rw-secret-value' }),
      /LANTERN_ENTRA_RW_CLIENT_ID must be set: a credential without its application id is unusable/,
    );
    assert.match(
      configError({ LANTERN_ENTRA_RW_CLIENT_ID: 'rw-app', LANTERN_ENTRA_RW_CLIENT_SECRET: 'rw-secret-value' }),
      /LANTERN_ENTRA_CLIENT_ID must be set when LANTERN_ENTRA_RW_CLIENT_ID is set/,
    );
    assert.match(
      configError({ ...PRIMARY, LANTERN_ENTRA_RW_CLIENT_ID: 'primary-app', LANTERN_ENTRA_RW_CLIENT_SECRET: 'x' }),
      /LANTERN_ENTRA_RW_CLIENT_ID must be a different application than LANTERN_ENTRA_CLIENT_ID/,
    );
    assert.match(
      configError({ ...PRIMARY, LANTERN_ENTRA_RW_CLIENT_ID: 'rw-app', LANTERN_ENTRA_RW_CERT_PATH: '/nowhere.crt' }),
      /LANTERN_ENTRA_RW_KEY_PATH must be set together with LANTERN_ENTRA_RW_CERT_PATH/,
    );
  });

  it('uses the read-write app only for readWrite tenants, and the primary app for all without one', () => {
    const primary = { clientId: 'primary-app', clientSecret: 's1' };
    const readWrite = { clientId: 'rw-app', clientSecret: 's2' };
    const both: EntraAccess = { credentials: primary, readWriteCredentials: readWrite, defaultCloud: {} as never };
    assert.equal(appCredentialsFor(both, 'readOnly'), primary);
    assert.equal(appCredentialsFor(both, 'readWrite'), readWrite);
    assert.equal(appCredentialsFor({ ...both, readWriteCredentials: undefined }, 'readWrite'), primary);
  });

  it("asks a readWrite tenant's admin to consent to the read-write app, and a readOnly tenant's to the primary", () => {
    const oauth = createOwnerOAuth({
      cloud: {
        authorityHost: 'https://login.example',
        graphBaseUrl: 'https://graph.example/',
        graphScope: 'https://graph.example/.default',
      },
      credentials: { clientId: 'primary-app', clientSecret: 's1' },
      readWriteClientId: 'rw-app',
      publicUrl: 'https://lantern.example',
    });
    const clientOf = (permissionSet: PermissionSetName) =>
      new URL(oauth.adminConsentUrl({ tenantId: 't1', state: 's', permissionSet })).searchParams.get('client_id');
    assert.equal(clientOf('readOnly'), 'primary-app');
    assert.equal(clientOf('readWrite'), 'rw-app');
  });
});

describe('the app registration each tenant is reached through (simulator)', () => {
  let sim: RunningSimulator;
  let db: TestCatalog;
  let entra: EntraAccess;
  let tenantId: string;
  const cloud = () => ({
    authorityHost: sim.authorityHost,
    graphBaseUrl: sim.graphBaseUrl,
    graphScope: GRAPH_DEFAULT_SCOPE,
  });

  before(async () => {
    [sim, db] = await Promise.all([startTestSimulator({ tenants: 1, preConsent: true }), openTestCatalog()]);
    tenantId = sim.tenants[0]!.id;
    const config = loadConfig({ env: simulatorLanternEnv(sim, { readWrite: true }) });
    entra = entraAccessFromSettings(config.entra)!;
  });
  after(async () => {
    await Promise.all([sim?.close(), db?.close()]);
  });

  const verify = (permissionSet: PermissionSetName) =>
    createConnectorActivities({ entra }).verifyConnectorAccess({
      connectorId: 'c1',
      tenant: tenantId,
      cloud: null,
      permissionSet,
      includeSignInActivity: false,
    });

  it('verifies a readOnly connector with the primary app, whose token holds no write permission', async () => {
    const result = await verify('readOnly');
    assert.deepEqual(result.missingPermissions, []);
    assert.ok(!result.grantedPermissions.some((p) => p.includes('ReadWrite')), result.grantedPermissions.join());
  });

  it('verifies a readWrite connector with the read-write app', async () => {
    const result = await verify('readWrite');
    assert.deepEqual(result.missingPermissions, []);
    assert.ok(result.grantedPermissions.includes('GroupMember.ReadWrite.All'));
  });

  it("gives sync and access a readWrite tenant's token from the read-write app once the connector is loaded", async () => {
    const graph = createTenantGraph({
      credentials: entra.credentials,
      readWriteCredentials: entra.readWriteCredentials,
    });
    await insertConnector(db.catalog.db, {
      id: 'rw-connector',
      displayName: 'Read-write',
      tenantId: null,
      status: 'onboarding',
      options: { ...DEFAULT_CONNECTOR_OPTIONS, permissionSet: 'readWrite' },
    });
    await markConnectorConnected(db.catalog.db, { id: 'rw-connector', displayName: 'Read-write', tenantId });
    const groupsPath = `groups/${[...sim.store.tenant(tenantId)!.groups.keys()][0]}/members/$ref`;
    const tryWrite = async () =>
      graph
        .client({ tenantId, cloud: cloud() })
        .client.api(groupsPath)
        .post({ '@odata.id': `${sim.graphBaseUrl}v1.0/directoryObjects/00000000-0000-0000-0000-000000000000` })
        .then(
          () => 'written',
          (error: { statusCode?: number }) => error.statusCode,
        );
    assert.equal(await tryWrite(), 403, 'before the loader names the tenant, the primary (read-only) app is used');
    await connectorLoader(db.catalog, cloud(), graph)('rw-connector');
    assert.notEqual(await tryWrite(), 403, 'the read-write app may write (the made-up member is then not found)');
  });
});
