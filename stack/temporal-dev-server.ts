// `temporal server start-dev` as a child process: SQLite file under the data folder, Web UI, Lantern's search
// attributes. Ready means the namespace answers over gRPC; search attributes are (re)registered then, because
// start-dev only registers --search-attribute on a fresh SQLite file.
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { Connection } from '@temporalio/client';
import { spawnInOwnGroup, type GroupChild } from './child-process-group.js';
import { CLI_TYPE_NAMES, ensureSearchAttributes, type SearchAttributeSpec } from './search-attributes.js';

export interface DevServerOptions {
  cliPath: string;
  dataDir: string;
  ip: string;
  port: number;
  uiPort: number;
  namespace: string;
  searchAttributes: readonly SearchAttributeSpec[];
  readyTimeoutMs?: number;
  /** The API's /codec endpoint: the Web UI decodes encrypted payloads through it. */
  uiCodecEndpoint?: string | undefined;
}

export interface RunningDevServer {
  address: string;
  uiUrl: string;
  dbFile: string;
  logFile: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Eager activity dispatch (off by default in the server): an activity the workflow schedules on its own task queue is
 * handed back with the workflow task's completion instead of going through matching, one round trip fewer per step
 * (bench:jit at 1,000 grants: approval → provisioned p50 1.5 s → 1.1 s). temporal/dynamic-config.yaml sets the same
 * for docker-compose.
 */
export const EAGER_ACTIVITIES = ['--dynamic-config-value', 'system.enableActivityEagerExecution=true'];

export async function startDevServer(opts: DevServerOptions): Promise<RunningDevServer> {
  const dbFile = join(opts.dataDir, 'temporal.sqlite');
  const logFile = join(opts.dataDir, 'temporal.log');
  const address = `${opts.ip}:${opts.port}`;
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    dbFile,
    '--ip',
    opts.ip,
    '--port',
    String(opts.port),
    '--ui-port',
    String(opts.uiPort),
    '--namespace',
    opts.namespace,
    '--log-format',
    'pretty',
    '--log-level',
    'warn',
    ...opts.searchAttributes.flatMap(({ name, type }) => ['--search-attribute', `${name}=${CLI_TYPE_NAMES[type]}`]),
    ...EAGER_ACTIVITIES,
    ...(opts.uiCodecEndpoint ? ['--ui-codec-endpoint', opts.uiCodecEndpoint] : []),
  ];
  const child = spawnInOwnGroup(opts.cliPath, args, logFile);
  try {
    const connection = await waitUntilServing(child, address, opts.namespace, opts.readyTimeoutMs ?? 60_000, logFile);
    try {
      await ensureSearchAttributes(connection, opts.namespace, opts.searchAttributes);
    } finally {
      await connection.close();
    }
  } catch (error) {
    await child.stop();
    throw error;
  }
  return {
    address,
    uiUrl: `http://${opts.ip}:${opts.uiPort}`,
    dbFile,
    logFile,
    pid: child.pid,
    stop: () => child.stop(),
  };
}

async function waitUntilServing(
  child: GroupChild,
  address: string,
  namespace: string,
  timeoutMs: number,
  logFile: string,
): Promise<Connection> {
  let exitedWith: number | string | undefined;
  void child.exited.then((code) => {
    exitedWith = code;
  });
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (exitedWith !== undefined) {
      throw new Error(
        `the Temporal dev server exited (${exitedWith}) before it was ready; last lines of ${logFile}:\n` +
          (await tail(logFile)),
      );
    }
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return connection;
      } catch (error) {
        await connection.close();
        throw error;
      }
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(
    `the Temporal dev server did not answer on ${address} within ${timeoutMs} ms ` +
      `(${(lastError as Error | undefined)?.message ?? 'no error'}); last lines of ${logFile}:\n${await tail(logFile)}`,
  );
}

async function tail(file: string, lines = 20): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
