import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConfigError, entraAccessFromSettings, loadConfig, redactedConfig } from '../../config/index.js';
import { NATIONAL_CLOUDS } from '../../entra/cloud.js';
import { missingPermissions, requestedPermissions, requiredPermissions } from '../../entra/permission-sets.js';
import { mintCertificate, thumbprints } from '../../simulator/tls/x509.js';
import { createTempDir, type TempDir } from '../helpers/temp-dir.js';

const CLIENT_ID = '00000000-aaaa-4bbb-8ccc-000000000001';
const problem = (env: Record<string, string>) => {
  try {
    loadConfig({ env });
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.message;
  }
  assert.fail('expected a ConfigError');
};

describe('Entra app settings for connectors', () => {
  let dir: TempDir;
  let certPath: string;
  let keyPath: string;
  let otherKeyPath: string;
  let certPem: string;
  before(async () => {
    dir = await createTempDir();
    const pair = mintCertificate({ commonName: 'Lantern test', validDays: 2 });
    certPem = pair.certPem;
    [certPath, keyPath, otherKeyPath] = ['app.crt', 'app.key', 'other.key'].map((name) => join(dir.path, name)) as [
      string,
      string,
      string,
    ];
    await writeFile(certPath, pair.certPem);
    await writeFile(keyPath, pair.keyPem);
    await writeFile(otherKeyPath, mintCertificate({ commonName: 'other', validDays: 2 }).keyPem);
  });
  after(async () => {
    await dir?.remove();
  });

  it('is optional: without it Lantern starts, in the global cloud, unable to create connectors', () => {
    const { entra } = loadConfig({ env: {} });
    assert.equal(entra.configured, false);
    assert.deepEqual(entra.endpoints, NATIONAL_CLOUDS.global);
    assert.equal(entraAccessFromSettings(entra), null);
  });

  it('takes a client secret and never shows it', () => {
    const config = loadConfig({
      env: {
        LANTERN_ENTRA_CLIENT_ID: CLIENT_ID,
        LANTERN_ENTRA_CLIENT_SECRET: 'very-secret-value',
        LANTERN_ENTRA_CLOUD: 'usGov',
      },
    });
    assert.equal(config.entra.configured, true);
    assert.deepEqual(config.entra.endpoints, NATIONAL_CLOUDS.usGov);
    assert.doesNotMatch(JSON.stringify(redactedConfig(config)), /very-secret-value/);
    assert.deepEqual(entraAccessFromSettings(config.entra)?.credentials, {
      clientId: CLIENT_ID,
      clientSecret: 'very-secret-value',
    });
    assert.doesNotMatch(problem({ LANTERN_ENTRA_CLIENT_SECRET: 'very-secret-value' }), /very-secret-value/);
  });

  it('takes a certificate, computing its SHA-256 thumbprint at load and keeping the key out of the config', () => {
    const config = loadConfig({
      env: { LANTERN_ENTRA_CLIENT_ID: CLIENT_ID, LANTERN_ENTRA_CERT_PATH: certPath, LANTERN_ENTRA_KEY_PATH: keyPath },
    });
    assert.equal(config.entra.certificateThumbprintSha256, thumbprints(certPem).sha256.toLowerCase());
    assert.doesNotMatch(JSON.stringify(config), /PRIVATE KEY/);
    const credentials = entraAccessFromSettings(config.entra)?.credentials;
    assert.ok(credentials && 'certificate' in credentials);
    assert.match(credentials.certificate.privateKeyPem, /PRIVATE KEY/);
  });

  it('names what is missing or inconsistent', () => {
    assert.match(
      problem({ LANTERN_ENTRA_CLIENT_ID: CLIENT_ID }),
      /LANTERN_ENTRA_CLIENT_SECRET must be set \(or LANTERN_ENTRA_CERT_PATH/,
    );
    assert.match(
      problem({ LANTERN_ENTRA_CLIENT_ID: CLIENT_ID, LANTERN_ENTRA_CERT_PATH: certPath }),
      /LANTERN_ENTRA_KEY_PATH must be set together with LANTERN_ENTRA_CERT_PATH/,
    );
    assert.match(
      problem({
        LANTERN_ENTRA_CLIENT_ID: CLIENT_ID,
        LANTERN_ENTRA_CERT_PATH: certPath,
        LANTERN_ENTRA_KEY_PATH: otherKeyPath,
      }),
      /LANTERN_ENTRA_KEY_PATH must be the private key of the certificate/,
    );
    assert.match(
      problem({
        LANTERN_ENTRA_CLIENT_ID: CLIENT_ID,
        LANTERN_ENTRA_CERT_PATH: join(dir.path, 'none.crt'),
        LANTERN_ENTRA_KEY_PATH: keyPath,
      }),
      /LANTERN_ENTRA_CERT_PATH must be a readable PEM certificate file/,
    );
    assert.match(
      problem({ LANTERN_ENTRA_CLOUD: 'custom', LANTERN_ENTRA_AUTHORITY_HOST: 'https://login.example' }),
      /LANTERN_ENTRA_GRAPH_BASE_URL must be set when LANTERN_ENTRA_CLOUD is custom.*LANTERN_ENTRA_GRAPH_SCOPE must be set/,
    );
    assert.match(
      problem({ LANTERN_ENTRA_GRAPH_BASE_URL: 'https://graph.example/' }),
      /LANTERN_ENTRA_GRAPH_BASE_URL must be unset unless LANTERN_ENTRA_CLOUD=custom/,
    );
    assert.match(
      problem({ LANTERN_ENTRA_CLOUD: 'mars' }),
      /LANTERN_ENTRA_CLOUD must be one of global, usGov, usGovDoD, china, custom/,
    );
  });

  it('resolves a complete custom cloud (the simulator, a sovereign deployment)', () => {
    const { entra } = loadConfig({
      env: {
        LANTERN_ENTRA_CLOUD: 'custom',
        LANTERN_ENTRA_AUTHORITY_HOST: 'https://localhost:8443/',
        LANTERN_ENTRA_GRAPH_BASE_URL: 'https://localhost:8443',
        LANTERN_ENTRA_GRAPH_SCOPE: 'https://graph.microsoft.com/.default',
      },
    });
    assert.deepEqual(entra.endpoints, {
      authorityHost: 'https://localhost:8443',
      graphBaseUrl: 'https://localhost:8443/',
      graphScope: 'https://graph.microsoft.com/.default',
    });
  });
});

describe('permission sets', () => {
  it('asks read-only connectors for read permissions only, and sign-in activity for AuditLog.Read.All', () => {
    const readOnly = requiredPermissions({ permissionSet: 'readOnly' });
    assert.ok(readOnly.every((p) => !p.includes('ReadWrite')));
    assert.ok(!readOnly.includes('AuditLog.Read.All'));
    assert.ok(
      requiredPermissions({ permissionSet: 'readOnly', includeSignInActivity: true }).includes('AuditLog.Read.All'),
    );
  });

  it('adds only what just-in-time access and consent revocation write, never Application.ReadWrite.All', () => {
    const extra = requiredPermissions({ permissionSet: 'readWrite' }).filter(
      (p) => !requiredPermissions({ permissionSet: 'readOnly' }).includes(p),
    );
    assert.deepEqual(extra, [
      'GroupMember.ReadWrite.All',
      'AppRoleAssignment.ReadWrite.All',
      'RoleManagement.ReadWrite.Directory',
      'User.ReadWrite.All',
    ]);
  });

  it('asks read-write connectors for consent revocation without requiring it of connectors consented before', () => {
    assert.ok(requestedPermissions({ permissionSet: 'readWrite' }).includes('DelegatedPermissionGrant.ReadWrite.All'));
    assert.ok(!requiredPermissions({ permissionSet: 'readWrite' }).includes('DelegatedPermissionGrant.ReadWrite.All'));
    assert.ok(!requestedPermissions({ permissionSet: 'readOnly' }).includes('DelegatedPermissionGrant.ReadWrite.All'));
  });

  it('asks PIM-mode connectors for the PIM schedule permissions instead of User.ReadWrite.All', () => {
    const pim = requiredPermissions({ permissionSet: 'readWrite', provisioning: 'pim' });
    assert.ok(pim.includes('RoleAssignmentSchedule.ReadWrite.Directory'));
    assert.ok(pim.includes('PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup'));
    assert.ok(!pim.includes('User.ReadWrite.All'));
    assert.ok(
      !requiredPermissions({ permissionSet: 'readOnly', provisioning: 'pim' }).some((p) => p.includes('Schedule')),
    );
  });

  it('accepts documented supersets and names what is still missing', () => {
    assert.deepEqual(
      missingPermissions({ permissionSet: 'readOnly' }, ['Directory.ReadWrite.All', 'Synchronization.Read.All']),
      [],
    );
    assert.deepEqual(missingPermissions({ permissionSet: 'readOnly' }, ['Directory.Read.All']), [
      'Synchronization.Read.All',
    ]);
    assert.deepEqual(
      missingPermissions({ permissionSet: 'readWrite' }, [
        'Directory.Read.All',
        'Synchronization.Read.All',
        'GroupMember.ReadWrite.All',
      ]),
      ['AppRoleAssignment.ReadWrite.All', 'RoleManagement.ReadWrite.Directory', 'User.ReadWrite.All'],
    );
  });
});
