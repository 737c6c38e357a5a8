// The embedded stack is a list of components started in order and stopped in reverse. A new component
// plugs in without touching the others.
import type { Logger } from 'pino';
import type { Client } from '@temporalio/client';
import type { Config } from '../config/index.js';
import type { Catalog } from '../catalog/index.js';
import type { RunningSimulator } from '../simulator/index.js';

/** What earlier components hand to later ones. Each field is set by exactly one component. */
export interface StackServices {
  /** host:port of the Temporal frontend (the embedded dev server's, or TEMPORAL_ADDRESS). */
  temporalAddress?: string;
  catalog?: Catalog;
  temporalClient?: Client;
  /** The embedded Entra simulator, when the demo runs one. */
  simulator?: RunningSimulator;
}

export interface StackContext {
  /** Components may refine it for later ones (e.g. the temporal component fills in temporal.address). */
  config: Config;
  log: Logger;
  services: StackServices;
}

export interface RunningComponent {
  /** Shown to the operator at start-up, e.g. { 'Temporal UI': 'http://127.0.0.1:8233' }. */
  urls?: Record<string, string>;
  stop(): Promise<void>;
}

export interface StackComponent {
  name: string;
  start(ctx: StackContext): Promise<RunningComponent>;
}
