// The embedded stack, in start order (stopped in reverse). API and worker share this process because the
// embedded catalog is single-connection. A component goes before whatever needs it; independent slow ones
// start together with inParallel.
import type { StackComponent } from '../component.js';
import { apiComponent } from './api.js';
import { catalogComponent } from './catalog.js';
import { inParallel } from './parallel.js';
import { temporalComponent } from './temporal.js';
import { workerComponent } from './worker.js';
import { simulatorComponent, simulatorWanted } from './simulator.js';
import { demoConnectorComponent } from './demo-connector.js';
import type { Config } from '../../config/index.js';

export function embeddedStackComponents(config: Config): StackComponent[] {
  const simulated = simulatorWanted(config);
  return [
    inParallel([temporalComponent(), catalogComponent(), ...(simulated ? [simulatorComponent()] : [])]),
    workerComponent(),
    apiComponent(),
    ...(simulated ? [demoConnectorComponent()] : []),
  ];
}
