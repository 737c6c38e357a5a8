// `npm run simulator -- [--port N] [--size S|M|L|XL[,S…]] [--seed N] [--tenants N] [--throttle off|realistic|strict]
//  [--faults RATE] [--data-dir D] [--consent all|none|default] [--log]`
// Prints one JSON line when ready (URLs, CA path, tenants with demo sign-ins, Lantern's app credentials, control
// key) and serves until SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import type { ThrottleMode } from './context.js';
import { startSimulator, type SimulatorOptions } from './index.js';
import { isTenantSize } from './model/profiles.js';
import type { TenantSize } from './model/types.js';

function fail(message: string): never {
  process.stderr.write(`simulator: ${message}\n`);
  process.exit(2);
}

function options(argv: string[]): SimulatorOptions {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: false,
    options: {
      port: { type: 'string', default: '8443' },
      host: { type: 'string', default: 'localhost' },
      size: { type: 'string', default: 'S' },
      seed: { type: 'string', default: '1' },
      tenants: { type: 'string' },
      throttle: { type: 'string', default: 'realistic' },
      faults: { type: 'string', default: '0' },
      'data-dir': { type: 'string' },
      consent: { type: 'string', default: 'default' },
      log: { type: 'boolean', default: false },
    },
  });
  const int = (name: string, text: string, min: number) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) fail(`--${name} must be an integer ≥ ${min}, got '${text}'`);
    return n;
  };
  const sizes = values.size.split(',').map((s) => s.trim().toUpperCase());
  if (!sizes.every(isTenantSize))
    fail(`--size must be S, M, L or XL (comma-separated per tenant), got '${values.size}'`);
  if (!['off', 'realistic', 'strict'].includes(values.throttle))
    fail(`--throttle must be off, realistic or strict, got '${values.throttle}'`);
  const faults = Number(values.faults);
  if (!(faults >= 0 && faults <= 1)) fail(`--faults must be a rate between 0 and 1, got '${values.faults}'`);
  if (!['all', 'none', 'default'].includes(values.consent))
    fail(`--consent must be all, none or default, got '${values.consent}'`);
  if (!['localhost', '127.0.0.1', '::1'].includes(values.host))
    fail('--host must be a loopback address (localhost, 127.0.0.1, ::1)');
  return {
    port: int('port', values.port, 0),
    host: values.host,
    size: sizes as TenantSize[],
    seed: int('seed', values.seed, 0),
    tenants: values.tenants === undefined ? undefined : int('tenants', values.tenants, 1),
    throttle: values.throttle as ThrottleMode,
    faults,
    dataDir: values['data-dir'],
    preConsent: values.consent === 'all' ? true : values.consent === 'none' ? false : undefined,
    logger: values.log,
  };
}

const sim = await startSimulator(options(process.argv.slice(2)));
process.stdout.write(
  `${JSON.stringify({
    authorityHost: sim.authorityHost,
    graphBaseUrl: sim.graphBaseUrl,
    caCertPath: sim.caCertPath,
    tenants: sim.tenants,
    app: sim.app,
    appReadWrite: sim.appReadWrite,
    homeTenantId: sim.homeTenantId,
    controlUrl: sim.controlUrl,
    controlKey: sim.controlKey,
  })}\n`,
);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  sim.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
