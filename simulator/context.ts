// What every simulator handler is given: the store, the signing keys and the public URLs. One context per running
// simulator, so a test process can run several.
import type { SimulatorStore } from './model/store.js';
import type { SigningKeys } from './identity/signing.js';

export type ThrottleMode = 'off' | 'realistic' | 'strict';

export interface FaultSettings {
  /** Probability (0..1) that a Graph request fails with 500/503/504, is slowed, or has its connection dropped. */
  rate: number;
  seed: number;
}

export interface SimulatorContext {
  store: SimulatorStore;
  keys: SigningKeys;
  /** e.g. https://localhost:8443 — the identity platform's authority host (tenants are path segments). */
  authorityHost: string;
  /** e.g. https://localhost:8443/ — Graph requests go to `${graphBaseUrl}v1.0/...`. */
  graphBaseUrl: string;
  settings: { throttle: ThrottleMode; faults: FaultSettings };
}
