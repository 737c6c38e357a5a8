// The simulator as a whole: HTTPS with a local CA kept in the data folder, the start/close contract, and the official
// clients working against it with nothing but configuration and the CA.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { X509Certificate } from 'node:crypto';
import { Agent } from 'undici';
import { createTempDir, type TempDir } from '../helpers/temp-dir.js';
import { startSimulator } from '../../simulator/index.js';
import { appOnlyGraphClient, startTestSimulator, trustCa } from './clients.js';

const run = promisify(execFile);

/** Fetches a URL from a fresh Node process: the way a separately started Lantern would see the simulator. */
async function fetchFromChildProcess(url: string, env: Record<string, string>): Promise<string> {
  const script = `fetch(${JSON.stringify(url)}).then(r => console.log('status', r.status), e => console.log('error', e.cause?.code ?? e.message))`;
  const { stdout } = await run(process.execPath, ['-e', script], { env: { PATH: process.env.PATH ?? '', ...env } });
  return stdout.trim();
}

describe('simulator TLS', () => {
  let dir: TempDir;
  before(async () => {
    dir = await createTempDir('lantern-sim-core-');
  });
  after(() => dir.remove());

  it('keeps its CA in the data folder and reuses it after a restart', async () => {
    const first = await startSimulator({ port: 0, dataDir: dir.path });
    await first.close();
    const second = await startSimulator({ port: 0, dataDir: dir.path });
    await second.close();
    assert.equal(second.caCertPath, first.caCertPath);
    assert.equal(second.caCertPem, first.caCertPem);
    assert.ok(first.caCertPath.startsWith(dir.path));
  });

  it('serves a certificate for localhost and 127.0.0.1 signed by that CA', async () => {
    const sim = await startSimulator({ port: 0, dataDir: dir.path });
    try {
      const ca = new X509Certificate(sim.caCertPem);
      assert.equal(ca.ca, true);
      const { port } = new URL(sim.authorityHost);
      const served = await new Promise<X509Certificate>((resolve, reject) => {
        import('node:tls').then((tls) => {
          const socket = tls.connect(
            { host: '127.0.0.1', port: Number(port), servername: 'localhost', ca: sim.caCertPem },
            () => {
              const cert = socket.getPeerX509Certificate();
              socket.end();
              if (cert) resolve(cert);
              else reject(new Error('no peer certificate'));
            },
          );
          socket.on('error', reject);
        }, reject);
      });
      assert.ok(served.verify(ca.publicKey));
      assert.match(served.subjectAltName ?? '', /DNS:localhost/);
      assert.match(served.subjectAltName ?? '', /IP Address:127\.0\.0\.1/);
    } finally {
      await sim.close();
    }
  });

  it('is trusted only by clients that trust its CA', async () => {
    const sim = await startSimulator({ port: 0, dataDir: dir.path });
    try {
      const url = `${sim.controlUrl}/health`;
      assert.equal(await fetchFromChildProcess(url, {}), 'error UNABLE_TO_VERIFY_LEAF_SIGNATURE');
      assert.equal(await fetchFromChildProcess(url, { NODE_EXTRA_CA_CERTS: sim.caCertPath }), 'status 200');
      // In this process too: a dispatcher with only the public roots refuses the connection.
      await assert.rejects(
        fetch(url, { dispatcher: new Agent() } as RequestInit),
        (err: Error & { cause?: { code?: string } }) => err.cause?.code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      );
      trustCa(sim.caCertPem);
      assert.equal((await fetch(url)).status, 200);
    } finally {
      await sim.close();
    }
  });
});

describe('startSimulator', () => {
  it("describes itself with URLs on one HTTPS origin, tenants with demo sign-ins, and Lantern's app credentials", async () => {
    const sim = await startTestSimulator({ tenants: 2, preConsent: undefined });
    try {
      assert.match(sim.authorityHost, /^https:\/\/localhost:\d+$/);
      assert.equal(sim.graphBaseUrl, `${sim.authorityHost}/`);
      assert.equal(sim.controlUrl, `${sim.authorityHost}/_control`);
      assert.ok(sim.controlKey.length >= 32);
      assert.equal(sim.tenants.length, 2);
      const [first, second] = sim.tenants;
      assert.equal(first?.licence, 'P2');
      assert.equal(first?.adminConsented, false, 'the onboarding demo consents the first tenant itself');
      assert.equal(second?.adminConsented, true);
      assert.match(first?.demo.globalAdmin.upn ?? '', /^admin@/);
      assert.ok(first?.demo.globalAdmin.password);
      assert.match(sim.app.clientId, /^[0-9a-f-]{36}$/);
      assert.match(sim.app.thumbprint, /^[0-9A-F]{40}$/);
      assert.match(sim.app.certificatePem, /BEGIN CERTIFICATE/);
      assert.match(sim.app.privateKeyPem, /BEGIN PRIVATE KEY/);
    } finally {
      await sim.close();
    }
  });

  it('answers Graph through MSAL client credentials, with a secret and with a certificate', async () => {
    const sim = await startTestSimulator();
    try {
      const tenantId = sim.tenants[0]!.id;
      for (const credential of ['secret', 'certificate'] as const) {
        const page = (await appOnlyGraphClient(sim, { tenantId, credential }).api('/users').top(5).get()) as {
          value: unknown[];
          '@odata.nextLink'?: string;
        };
        assert.equal(page.value.length, 5, credential);
        assert.ok(page['@odata.nextLink']?.startsWith(`${sim.graphBaseUrl}v1.0/users?`), credential);
      }
    } finally {
      await sim.close();
    }
  });

  it('runs several simulators side by side in one process', async () => {
    const [a, b] = await Promise.all([startTestSimulator({ seed: 1 }), startTestSimulator({ seed: 2 })]);
    try {
      assert.notEqual(a.authorityHost, b.authorityHost);
      assert.notEqual(a.tenants[0]!.id, b.tenants[0]!.id);
      const users = (await appOnlyGraphClient(b, { tenantId: b.tenants[0]!.id }).api('/users').top(1).get()) as {
        value: unknown[];
      };
      assert.equal(users.value.length, 1);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('npm run simulator', () => {
  it('prints one JSON line describing the running simulator, serves it, and stops on SIGTERM', async () => {
    const dir = await createTempDir('lantern-sim-cli-');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'simulator/cli.ts',
        '--port',
        '0',
        '--tenants',
        '2',
        '--throttle',
        'off',
        '--data-dir',
        dir.path,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      const lines = createInterface({ input: child.stdout });
      const [first] = (await once(lines, 'line')) as [string];
      const ready = JSON.parse(first) as {
        authorityHost: string;
        caCertPath: string;
        controlUrl: string;
        controlKey: string;
        tenants: unknown[];
        app: { clientId: string };
      };
      assert.equal(ready.tenants.length, 2);
      assert.ok(ready.app.clientId && ready.controlKey && ready.caCertPath.startsWith(dir.path));
      assert.equal(
        await fetchFromChildProcess(`${ready.controlUrl}/health`, { NODE_EXTRA_CA_CERTS: ready.caCertPath }),
        'status 200',
      );
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      assert.equal(code, 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await dir.remove();
    }
  });

  it('refuses a size it does not know, naming the option', async () => {
    const result = await run(process.execPath, ['--import', 'tsx', 'simulator/cli.ts', '--size', 'XXL']).then(
      () => undefined,
      (err: { code: number; stderr: string }) => err,
    );
    assert.equal(result?.code, 2);
    assert.match(result?.stderr ?? '', /--size must be S, M, L or XL/);
  });
});
