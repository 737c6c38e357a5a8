// Runs the real entry point (stack/main.ts) as a child process on free ports in a given data folder, for the
// stack test and bench/startup.ts: exactly what `npm start` runs, minus the npm/CLI set-up of scripts/start.sh.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { freePort } from '../free-port.js';

const mainPath = fileURLToPath(new URL('../main.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface StackPorts {
  api: number;
  temporal: number;
  temporalUi: number;
}

export interface StackProcess {
  child: ChildProcess;
  /** Everything the process printed so far (stdout and stderr), for failure messages. */
  output(): string;
  /** Resolves with the exit code (or signal) once the process has exited. */
  exited: Promise<number | string>;
  /** Sends the signal and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

export async function freePorts(): Promise<StackPorts> {
  return { api: await freePort(), temporal: await freePort(), temporalUi: await freePort() };
}

export function spawnStack(dataDir: string, ports: StackPorts, extraEnv: Record<string, string> = {}): StackProcess {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LANTERN_DATA_DIR: dataDir,
    LANTERN_API_PORT: String(ports.api),
    LANTERN_TEMPORAL_PORT: String(ports.temporal),
    LANTERN_TEMPORAL_UI_PORT: String(ports.temporalUi),
    // The embedded Entra simulator takes any free port, so stacks started side by side never collide.
    LANTERN_SIMULATOR_PORT: '0',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    ...extraEnv,
  };
  for (const name of ['TEMPORAL_ADDRESS', 'DATABASE_URL', 'LANTERN_ADMIN_TOKENS', 'LANTERN_CONFIG']) {
    if (!(name in extraEnv)) delete env[name];
  }
  const child = spawn(process.execPath, ['--import', 'tsx', mainPath], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  return {
    child,
    output: () => output,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Polls url until it answers 200; fails early if the process exits. Returns the milliseconds it took. */
export async function waitFor200(
  url: string,
  stack: StackProcess,
  timeoutMs = 120_000,
  headers: Record<string, string> = {},
): Promise<number> {
  const started = Date.now();
  let exitedWith: number | string | undefined;
  void stack.exited.then((code) => {
    exitedWith = code;
  });
  let last = 'no answer';
  while (Date.now() - started < timeoutMs) {
    if (exitedWith !== undefined)
      throw new Error(`the stack exited (${exitedWith}) before ${url} answered 200:\n${stack.output()}`);
    try {
      const response = await fetch(url, { headers, signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return Date.now() - started;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms (last: ${last}):\n${stack.output()}`);
}

/** Processes (Linux /proc) whose command line mentions the text, e.g. a test's unique data folder. */
export async function processesMentioning(text: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    if (cmdline.includes(text) && state !== 'Z') found.push(`${entry}: ${cmdline.replaceAll('\0', ' ').trim()}`);
  }
  return found;
}

/** Waits for the start-up banner, printed once every component (the demo connector included) has started. */
export async function waitForBanner(stack: StackProcess, timeoutMs = 120_000): Promise<void> {
  const started = Date.now();
  while (!stack.output().includes('Lantern is ready')) {
    if (stack.child.exitCode !== null) throw new Error(`the stack exited before it was ready:\n${stack.output()}`);
    if (Date.now() - started > timeoutMs)
      throw new Error(`no start-up banner after ${timeoutMs} ms:\n${stack.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
