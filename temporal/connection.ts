// Connections to Temporal for the API (Client) and the worker (NativeConnection), from one set of settings:
// the embedded dev server by default, or TEMPORAL_ADDRESS with namespace, TLS/mTLS and API key for clusters and Cloud.
import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import type { TLSConfig } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { ConfigError, type Config } from '../config/index.js';
import { dataConverterFor } from './codec.js';
import { boundedCallInterceptors } from './deadlines.js';

type TemporalSettings = Pick<Config, 'temporal'>;

export interface TemporalConnectionOptions {
  address: string;
  tls?: TLSConfig | boolean;
  apiKey?: string;
}

/** The address Lantern talks to: TEMPORAL_ADDRESS, or the embedded dev server on loopback. */
export function temporalAddress(config: TemporalSettings): string {
  return config.temporal.address ?? `127.0.0.1:${config.temporal.devServer.port}`;
}

export function temporalConnectionOptions(config: TemporalSettings): TemporalConnectionOptions {
  const { tls, apiKey } = config.temporal;
  const options: TemporalConnectionOptions = { address: temporalAddress(config) };
  const wantsTls = tls.enabled || tls.certPath || tls.caPath || tls.serverName;
  if (wantsTls) {
    const tlsConfig: TLSConfig = {};
    if (tls.serverName) tlsConfig.serverNameOverride = tls.serverName;
    if (tls.caPath) tlsConfig.serverRootCACertificate = readPem('TEMPORAL_TLS_CA', tls.caPath);
    if (tls.certPath && tls.keyPath) {
      tlsConfig.clientCertPair = {
        crt: readPem('TEMPORAL_TLS_CERT', tls.certPath),
        key: readPem('TEMPORAL_TLS_KEY', tls.keyPath),
      };
    }
    options.tls = Object.keys(tlsConfig).length > 0 ? tlsConfig : true;
  } else if (apiKey) {
    // Temporal Cloud API keys are only accepted over TLS.
    options.tls = true;
  }
  if (apiKey) options.apiKey = apiKey;
  return options;
}

export interface ConnectClientOptions {
  /** Don't dial until the first call: lets the API start (and report not-ready) while Temporal is down. */
  lazy?: boolean;
  /** Deadlines and a short retry budget on every call (the API's, which must answer 503 quickly when Temporal is down). */
  bounded?: boolean;
}

export async function connectClient(config: TemporalSettings, opts: ConnectClientOptions = {}): Promise<Client> {
  const options = {
    ...temporalConnectionOptions(config),
    ...(opts.bounded ? { interceptors: boundedCallInterceptors() } : {}),
  };
  const connection = opts.lazy ? Connection.lazy(options) : await Connection.connect(options);
  const dataConverter = dataConverterFor(config.temporal.codecKey);
  return new Client({ connection, namespace: config.temporal.namespace, ...(dataConverter ? { dataConverter } : {}) });
}

export async function connectWorker(config: TemporalSettings): Promise<NativeConnection> {
  return NativeConnection.connect(temporalConnectionOptions(config));
}

function readPem(variable: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new ConfigError(
      `${variable} must be a readable file, got "${path}" (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`,
    );
  }
}
