import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConfigError, loadConfig, redactedConfig } from '../../config/index.js';
import { temporalConnectionOptions } from '../../temporal/index.js';
import { createTempDir, type TempDir } from '../helpers/temp-dir.js';

const TOKEN = 'a-perfectly-long-admin-token-value';
const problem = (env: Record<string, string>) => {
  try {
    loadConfig({ env });
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.message;
  }
  assert.fail('expected a ConfigError');
};

describe('configuration', () => {
  let dir: TempDir;
  before(async () => {
    dir = await createTempDir();
  });
  after(async () => {
    await dir?.remove();
  });

  it('runs the embedded demo with no settings at all', () => {
    const config = loadConfig({ env: {} });
    assert.equal(config.dataDir, resolve('.lantern'));
    assert.deepEqual(config.api, {
      host: '127.0.0.1',
      port: 8080,
      publicUrl: 'http://localhost:8080',
      adminTokens: [],
      approverTokens: [],
      requesterTokens: [],
    });
    assert.equal(config.temporal.address, undefined);
    assert.deepEqual([config.temporal.namespace, config.temporal.taskQueue], ['default', 'lantern']);
    assert.deepEqual(config.temporal.devServer, { port: 7233, uiPort: 8233 });
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.logLevel, 'info');
  });

  it('reads typed values from environment variables', () => {
    const config = loadConfig({
      env: {
        LANTERN_API_PORT: '9090',
        LANTERN_ADMIN_TOKENS: ` ${TOKEN} , ${TOKEN}2 `,
        TEMPORAL_TLS: 'true',
        LANTERN_DATA_DIR: 'relative/data',
        LANTERN_MAX_CONCURRENT_ACTIVITIES: '7',
        DATABASE_URL: 'postgres://u:p@h/db',
        LANTERN_WORKER_MAX_CACHED_WORKFLOWS: '5000',
      },
    });
    assert.equal(config.api.port, 9090);
    assert.equal(config.api.publicUrl, 'http://localhost:9090', 'public URL follows the port');
    assert.deepEqual(config.api.adminTokens, [TOKEN, `${TOKEN}2`]);
    assert.equal(config.temporal.tls.enabled, true);
    assert.equal(config.dataDir, resolve('relative/data'));
    assert.equal(config.worker.maxConcurrentActivities, 7);
    assert.equal(config.worker.maxCachedWorkflows, 5000);
  });

  it('keeps 1,000 workflows cached by default, whatever the heap (the SDK default shrinks with it)', () => {
    assert.equal(loadConfig({ env: {} }).worker.maxCachedWorkflows, 1000);
    assert.match(
      problem({ LANTERN_WORKER_MAX_CACHED_WORKFLOWS: '1' }),
      /LANTERN_WORKER_MAX_CACHED_WORKFLOWS must be an integer 2-100000, got "1"/,
    );
  });

  it('names the variable and what it expects when a value is wrong', () => {
    assert.match(problem({ LANTERN_API_PORT: 'abc' }), /LANTERN_API_PORT must be an integer 1-65535, got "abc"/);
    assert.match(
      problem({ LANTERN_TEMPORAL_UI_PORT: '70000' }),
      /LANTERN_TEMPORAL_UI_PORT must be an integer 1-65535, got "70000"/,
    );
    assert.match(problem({ TEMPORAL_TLS: 'maybe' }), /TEMPORAL_TLS must be true or false, got "maybe"/);
    assert.match(problem({ LOG_LEVEL: 'loud' }), /LOG_LEVEL must be one of fatal, error, warn, info/);
    assert.match(problem({ TEMPORAL_ADDRESS: 'no-port' }), /TEMPORAL_ADDRESS must be host:port/);
    assert.match(
      problem({ TEMPORAL_TLS_CERT: '/c.pem' }),
      /TEMPORAL_TLS_KEY must be set together with TEMPORAL_TLS_CERT/,
    );
  });

  it('reports every problem at once', () => {
    const message = problem({ LANTERN_API_PORT: '0', LOG_LEVEL: 'x' });
    assert.match(message, /LANTERN_API_PORT/);
    assert.match(message, /LOG_LEVEL/);
  });

  it('never echoes a secret in an error', () => {
    const message = problem({ LANTERN_ADMIN_TOKENS: 'short-secret', DATABASE_URL: 'mysql://root:hunter2@db' });
    assert.match(message, /LANTERN_ADMIN_TOKENS must be a comma-separated list of tokens, each at least 24 characters/);
    assert.match(message, /DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/);
    assert.doesNotMatch(message, /short-secret|hunter2/);
  });

  it('reads a JSON config file named by LANTERN_CONFIG, with environment variables winning', async () => {
    const file = join(dir.path, 'lantern.json');
    await writeFile(
      file,
      JSON.stringify({ api: { port: 7000, host: '0.0.0.0' }, temporal: { namespace: 'from-file' } }),
    );
    const config = loadConfig({ env: { LANTERN_CONFIG: file, LANTERN_API_PORT: '7001' } });
    assert.equal(config.api.port, 7001);
    assert.equal(config.api.host, '0.0.0.0');
    assert.equal(config.temporal.namespace, 'from-file');
  });

  it('points at the file and the setting when the file is wrong', async () => {
    const file = join(dir.path, 'bad.json');
    await writeFile(file, JSON.stringify({ api: { port: 'eighty', prot: 1 } }));
    assert.throws(
      () => loadConfig({ env: {}, file }),
      (error: Error) =>
        /api\.port \(LANTERN_API_PORT\) in .*bad\.json must be an integer 1-65535, got "eighty"/.test(error.message) &&
        /unknown setting api\.prot/.test(error.message),
    );
    assert.throws(
      () => loadConfig({ env: {}, file: join(dir.path, 'missing.json') }),
      /LANTERN_CONFIG must be a readable JSON file.*ENOENT/,
    );
  });

  it('redacts tokens, API keys and database passwords for logging', () => {
    const config = loadConfig({
      env: {
        LANTERN_ADMIN_TOKENS: TOKEN,
        TEMPORAL_API_KEY: 'cloud-key',
        DATABASE_URL: 'postgres://lantern:pw123@db:5432/lantern',
      },
    });
    const shown = JSON.stringify(redactedConfig(config));
    assert.doesNotMatch(shown, new RegExp(`${TOKEN}|cloud-key|pw123`));
    assert.match(shown, /db:5432\/lantern/, 'host and database stay visible');
    assert.equal(config.api.adminTokens[0], TOKEN, 'the original is untouched');
  });

  it('turns Temporal settings into connection options: API key implies TLS, files are read', async () => {
    const cloud = temporalConnectionOptions(
      loadConfig({ env: { TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233', TEMPORAL_API_KEY: 'k' } }),
    );
    assert.deepEqual(cloud, { address: 'ns.acct.tmprl.cloud:7233', tls: true, apiKey: 'k' });
    assert.equal(temporalConnectionOptions(loadConfig({ env: {} })).address, '127.0.0.1:7233');
    const ca = join(dir.path, 'ca.pem');
    await writeFile(ca, 'CA');
    const mtls = temporalConnectionOptions(
      loadConfig({ env: { TEMPORAL_TLS_CA: ca, TEMPORAL_TLS_SERVER_NAME: 'temporal.internal' } }),
    );
    assert.deepEqual(mtls.tls, { serverNameOverride: 'temporal.internal', serverRootCACertificate: Buffer.from('CA') });
    assert.throws(
      () => temporalConnectionOptions(loadConfig({ env: { TEMPORAL_TLS_CA: join(dir.path, 'nope.pem') } })),
      /TEMPORAL_TLS_CA must be a readable file/,
    );
  });
});
