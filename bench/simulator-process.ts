// Runs the simulator CLI as a child process (so benchmarks measure their own memory, not the simulator's) and talks
// to its control API.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface SimulatorInfo {
  authorityHost: string;
  graphBaseUrl: string;
  caCertPath: string;
  controlUrl: string;
  controlKey: string;
  tenants: { id: string; domain: string }[];
  app: { clientId: string; clientSecret: string };
  /** Lantern's read-write app: just-in-time writes need it (`app` holds read permissions only). */
  appReadWrite: { clientId: string; clientSecret: string };
}

export interface SimulatorProcess {
  info: SimulatorInfo;
  control<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

const repoRoot = fileURLToPath(new URL('../', import.meta.url));

export async function startSimulatorProcess(options: {
  size: string;
  throttle: string;
  seed: number;
  faults?: number;
}): Promise<SimulatorProcess> {
  const args = [
    '--import',
    'tsx',
    'simulator/cli.ts',
    '--port',
    '0',
    '--size',
    options.size,
    '--throttle',
    options.throttle,
    '--seed',
    String(options.seed),
    '--tenants',
    '1',
    ...(options.faults ? ['--faults', String(options.faults)] : []),
  ];
  const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // The simulator must not outlive the benchmark, however the benchmark ends.
  const stopChild = () => child.kill('SIGTERM');
  process.once('exit', stopChild);
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      stopChild();
      process.exit(130);
    });
  const firstLine = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code} before it was ready`)));
  });
  const info = JSON.parse(firstLine) as SimulatorInfo;
  return {
    info,
    async control<T>(method: string, path: string, body?: unknown): Promise<T> {
      const response = await fetch(`${info.controlUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${info.controlKey}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      if (!response.ok) throw new Error(`control ${method} ${path} → ${response.status} ${await response.text()}`);
      const text = await response.text();
      return (text ? JSON.parse(text) : undefined) as T;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
