// Time from starting the stack (stack/main.ts, as `npm start` runs it after its set-up) to GET /readyz = 200.
// cold = a new, empty data folder (Temporal SQLite file and catalog created, migrations run);
// warm = the same folder again (restart). Prints min / median / max over the runs.
//   node --import tsx bench/startup.ts [runs=3]
// Requires TEMPORAL_CLI or a cached CLI (scripts/temporal-cli.sh). npm/CLI set-up time is not included.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts, spawnStack, waitFor200 } from '../stack/testing/spawn-stack.js';

const runs = Number(process.argv[2] ?? 3);

async function timeOneStart(dataDir: string): Promise<number> {
  const ports = await freePorts();
  const started = Date.now();
  const stack = spawnStack(dataDir, ports, { LOG_LEVEL: 'info' });
  try {
    await waitFor200(`http://127.0.0.1:${ports.api}/readyz`, stack);
    const took = Date.now() - started;
    console.log(`  ${took} ms; components: ${componentTimes(stack.output())}`);
    return took;
  } finally {
    const code = await stack.stop('SIGTERM');
    if (code !== 0) console.error(`stack exited with ${code}:\n${stack.output()}`);
  }
}

/** From the stack's `started` log lines: how long each component took to start. */
function componentTimes(output: string): string {
  return [...output.matchAll(/"component":"([^"]+)","ms":(\d+)/g)].map(([, name, ms]) => `${name} ${ms} ms`).join(', ');
}

function summary(label: string, samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? NaN;
  return `${label.padEnd(5)} n=${samples.length}  min ${sorted[0]} ms  median ${median} ms  max ${sorted.at(-1)} ms`;
}

const cold: number[] = [];
const warm: number[] = [];
for (let run = 0; run < runs; run += 1) {
  const dataDir = await mkdtemp(join(tmpdir(), 'lantern-bench-startup-'));
  try {
    cold.push(await timeOneStart(dataDir));
    warm.push(await timeOneStart(dataDir));
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  console.log(`run ${run + 1}: cold ${cold.at(-1)} ms, warm ${warm.at(-1)} ms`);
}
console.log('start → /readyz 200');
console.log(summary('cold', cold));
console.log(summary('warm', warm));
