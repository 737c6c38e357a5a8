// Entry point of `npm start` (scripts/start.sh): starts the embedded stack, prints where to reach it, and stops
// everything on Ctrl-C / SIGTERM. (docker-compose runs the API and worker separately: api/main.ts, worker/main.ts.)
import { ConfigError } from '../config/index.js';
import { startLantern, type RunningLantern } from './start-lantern.js';

let lantern: RunningLantern | undefined;
let signals = 0;

function onSignal(signal: NodeJS.Signals): void {
  signals += 1;
  if (!lantern || signals > 1) {
    // Still starting, or asked twice: leave now. The exit hook kills the Temporal dev server's process group.
    console.error(`${signal}: exiting now`);
    process.exit(130);
  }
  console.error(`${signal}: stopping Lantern…`);
  lantern.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error('Lantern did not stop cleanly:', error);
      process.exit(1);
    },
  );
}

function banner(running: RunningLantern, ms: number): string {
  const width = Math.max(14, ...Object.keys(running.urls).map((name) => name.length));
  const rows = Object.entries(running.urls).map(([name, url]) => `  ${name.padEnd(width)} ${url}`);
  rows.push(
    running.adminToken
      ? `  ${'Admin token'.padEnd(width)} ${running.adminToken.token}   (kept in ${running.adminToken.file})`
      : `  ${'Admin token'.padEnd(width)} from LANTERN_ADMIN_TOKENS`,
  );
  const where = `data in ${running.config.dataDir}, catalog: ${running.services.catalog?.kind ?? 'n/a'}`;
  return [`Lantern is ready (${where}, started in ${(ms / 1000).toFixed(1)} s)`, ...rows, 'Press Ctrl-C to stop.'].join(
    '\n',
  );
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);

const startedAt = Date.now();
try {
  lantern = await startLantern();
  console.log(banner(lantern, Date.now() - startedAt));
} catch (error) {
  console.error(
    error instanceof ConfigError
      ? `Lantern cannot start: ${error.message}`
      : `Lantern failed to start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(error instanceof ConfigError ? 2 : 1);
}
