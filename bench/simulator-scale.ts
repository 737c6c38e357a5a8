// Simulator benchmark: tenant generation time and memory, then users?$top=999 paging throughput through the official
// Graph client (MSAL client credentials, throttling off). Prints figures; asserts nothing.
//   npm run bench:simulator -- --size XL [--passes 2]
import { parseArgs } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { startSimulator } from '../simulator/index.js';
import { isTenantSize } from '../simulator/model/profiles.js';
import { counts } from '../simulator/control/ground-truth.js';
import { appOnlyGraphClient, trustCa } from '../test/simulator/clients.js';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: 'XL' },
    passes: { type: 'string', default: '2' },
    seed: { type: 'string', default: '1' },
  },
});
const size = values.size.toUpperCase();
if (!isTenantSize(size)) throw new Error(`--size must be S, M, L or XL, got '${values.size}'`);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
};
// Wall time on a shared machine says more about the neighbours than about the simulator: CPU time is printed too.
const started = performance.now();
const startCpu = process.cpuUsage();
const sim = await startSimulator({
  port: 0,
  size,
  seed: Number(values.seed),
  throttle: 'off',
  preConsent: true,
  dataDir: join(tmpdir(), 'lantern-simulator-bench'),
});
const startSeconds = (performance.now() - started) / 1000;
const tenant = sim.store.tenants()[0]!;
console.log(`size ${size}: ${JSON.stringify(counts(tenant))}`);
console.log(
  `generation + start: ${startSeconds.toFixed(2)} s wall, ${cpuSeconds(startCpu).toFixed(2)} s CPU; load average ${loadavg()[0]!.toFixed(1)}; RSS now ${mb(process.memoryUsage().rss)}, peak ${mb(process.resourceUsage().maxRSS * 1024)}; heap used ${mb(process.memoryUsage().heapUsed)}`,
);

trustCa(sim.caCertPem);
const graph = appOnlyGraphClient(sim, { tenantId: tenant.id });
try {
  for (let pass = 1; pass <= Number(values.passes); pass++) {
    let objects = 0;
    let pages = 0;
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    let page = (await graph.api('/users').top(999).get()) as { value: unknown[]; '@odata.nextLink'?: string };
    for (;;) {
      objects += page.value.length;
      pages++;
      const next = page['@odata.nextLink'];
      if (!next) break;
      page = (await graph.api(next).get()) as typeof page;
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpu = cpuSeconds(cpu0);
    console.log(
      `pass ${pass}: users?$top=999 → ${objects} objects in ${pages} pages, ${seconds.toFixed(2)} s wall = ${Math.round(objects / seconds)} objects/s; ` +
        `${cpu.toFixed(2)} s CPU = ${Math.round(objects / cpu)} objects per CPU-second (client and server in one process)`,
    );
  }
} finally {
  console.log(`peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}`);
  await sim.close();
}
