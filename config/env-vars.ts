// Every setting Lantern reads, in one table: its environment variable, where it lands in Config, and whether it is secret.
// The loader maps env → config through it, errors name the variable through it, and the README's table can be built from it.
// A new setting is a row here and a field in schema.ts.

export interface EnvVar {
  /** Environment variable name, e.g. LANTERN_API_PORT. */
  name: string;
  /** Dotted path inside Config (and inside the JSON config file), e.g. api.port. */
  path: string;
  /** Secrets are never echoed back in errors or in redactedConfig(). */
  secret?: boolean;
  /** How an env value is turned into the config value before validation. */
  kind?: 'list';
  description: string;
}

export const ENV_VARS: readonly EnvVar[] = [
  {
    name: 'LANTERN_DATA_DIR',
    path: 'dataDir',
    description: 'Folder for embedded state (Temporal SQLite file, catalog). Default ./.lantern',
  },
  {
    name: 'LOG_LEVEL',
    path: 'logLevel',
    description: 'fatal | error | warn | info | debug | trace | silent. Default info',
  },
  {
    name: 'DATABASE_URL',
    path: 'databaseUrl',
    secret: true,
    description: 'PostgreSQL URL for the catalog; unset = embedded PGlite under the data folder',
  },
  { name: 'LANTERN_API_HOST', path: 'api.host', description: 'Address the API listens on. Default 127.0.0.1' },
  { name: 'LANTERN_API_PORT', path: 'api.port', description: 'API port. Default 8080' },
  {
    name: 'LANTERN_PUBLIC_URL',
    path: 'api.publicUrl',
    description: 'URL users reach the API at (used in links). Default http://localhost:<port>',
  },
  {
    name: 'LANTERN_ADMIN_TOKENS',
    path: 'api.adminTokens',
    secret: true,
    kind: 'list',
    description: 'Comma-separated bearer tokens with the admin role, each at least 24 characters',
  },
  {
    name: 'LANTERN_APPROVER_TOKENS',
    path: 'api.approverTokens',
    secret: true,
    kind: 'list',
    description:
      'Deprecated (sign in, or API tokens). Comma-separated token=principalId pairs (principal = Entra object id): bearer tokens with the approver role',
  },
  {
    name: 'LANTERN_REQUESTER_TOKENS',
    path: 'api.requesterTokens',
    secret: true,
    kind: 'list',
    description:
      'Deprecated (sign in, or API tokens). Comma-separated token=principalId pairs: bearer tokens with the requester role',
  },
  {
    name: 'LANTERN_HOME_TENANT_ID',
    path: 'auth.homeTenantId',
    description:
      "Tenant id where Lantern's admins live: its people may sign in, and its Lantern.Admin app role makes admins. Unset = only connected tenants' people sign in",
  },
  {
    name: 'LANTERN_ADMIN_GROUP_IDS',
    path: 'auth.adminGroupIds',
    kind: 'list',
    description:
      'Comma-separated group object ids whose (transitive) members are Lantern admins, read from the catalog',
  },
  {
    name: 'LANTERN_SESSION_IDLE_MINUTES',
    path: 'auth.sessionIdleMinutes',
    description: 'A sign-in session ends after this long without a request. Default 480 (8 h)',
  },
  {
    name: 'LANTERN_SESSION_MAX_MINUTES',
    path: 'auth.sessionMaxMinutes',
    description: 'A sign-in session ends this long after sign-in, whatever the activity. Default 1440 (24 h)',
  },
  {
    name: 'LANTERN_TEMPORAL_METRICS_URL',
    path: 'api.temporalMetricsUrl',
    description:
      "Prometheus endpoint of the worker's Temporal SDK metrics, merged into the API's /metrics. Unset = not merged",
  },
  {
    name: 'TEMPORAL_ADDRESS',
    path: 'temporal.address',
    description: 'host:port of an existing Temporal server; when set Lantern starts none',
  },
  { name: 'TEMPORAL_NAMESPACE', path: 'temporal.namespace', description: 'Temporal namespace. Default default' },
  {
    name: 'LANTERN_TASK_QUEUE',
    path: 'temporal.taskQueue',
    description: 'Task queue the worker polls. Default lantern',
  },
  { name: 'TEMPORAL_TLS', path: 'temporal.tls.enabled', description: 'true = TLS with the system root certificates' },
  { name: 'TEMPORAL_TLS_CERT', path: 'temporal.tls.certPath', description: 'Client certificate file (mTLS)' },
  { name: 'TEMPORAL_TLS_KEY', path: 'temporal.tls.keyPath', description: 'Client private key file (mTLS)' },
  { name: 'TEMPORAL_TLS_CA', path: 'temporal.tls.caPath', description: 'CA certificate file for the server' },
  { name: 'TEMPORAL_TLS_SERVER_NAME', path: 'temporal.tls.serverName', description: 'Override the TLS server name' },
  {
    name: 'TEMPORAL_API_KEY',
    path: 'temporal.apiKey',
    secret: true,
    description: 'API key (Temporal Cloud); implies TLS',
  },
  {
    name: 'LANTERN_TEMPORAL_PORT',
    path: 'temporal.devServer.port',
    description: 'Embedded dev server gRPC port. Default 7233',
  },
  {
    name: 'LANTERN_TEMPORAL_UI_URL',
    path: 'temporal.uiUrl',
    description:
      'Temporal Web UI address the pages link workflows to. Default http://localhost:<LANTERN_TEMPORAL_UI_PORT>',
  },
  {
    name: 'LANTERN_TEMPORAL_UI_PORT',
    path: 'temporal.devServer.uiPort',
    description: 'Embedded dev server Web UI port. Default 8233',
  },
  {
    name: 'LANTERN_WORKFLOW_BUNDLE',
    path: 'worker.workflowBundlePath',
    description: 'Prebuilt workflow bundle (npm run build:workflows); unset = bundle at start',
  },
  {
    name: 'LANTERN_MAX_CONCURRENT_ACTIVITIES',
    path: 'worker.maxConcurrentActivities',
    description: 'Activities one worker runs at once. Default 100',
  },
  {
    name: 'LANTERN_WORKER_MAX_CACHED_WORKFLOWS',
    path: 'worker.maxCachedWorkflows',
    description:
      'Workflows (live grants, syncs) one worker keeps in memory, ~0.2 MB heap each; fewer than the live grants means history replays on every step. Default 1000',
  },
  {
    name: 'LANTERN_WORKER_METRICS_ADDRESS',
    path: 'worker.metricsBindAddress',
    description: 'host:port where the worker exports Temporal SDK metrics (Prometheus). Unset = off',
  },
  {
    name: 'LANTERN_ENTRA_CLIENT_ID',
    path: 'entra.clientId',
    description:
      "Application (client) id of Lantern's multi-tenant Entra app registration. Unset = connectors cannot be created",
  },
  {
    name: 'LANTERN_ENTRA_CLIENT_SECRET',
    path: 'entra.clientSecret',
    secret: true,
    description: 'Client secret of that app (or use a certificate: LANTERN_ENTRA_CERT_PATH + LANTERN_ENTRA_KEY_PATH)',
  },
  {
    name: 'LANTERN_ENTRA_CERT_PATH',
    path: 'entra.certificatePath',
    description: 'PEM certificate registered on the app (its SHA-256 thumbprint is computed at start)',
  },
  { name: 'LANTERN_ENTRA_KEY_PATH', path: 'entra.privateKeyPath', description: 'PEM private key of that certificate' },
  {
    name: 'LANTERN_ENTRA_RW_CLIENT_ID',
    path: 'entra.readWrite.clientId',
    description:
      'Application (client) id of a second app registration declaring the read-write permission set: readWrite connectors consent to it, so readOnly tenants are never asked for write permissions. Unset = readWrite connectors use the primary app',
  },
  {
    name: 'LANTERN_ENTRA_RW_CLIENT_SECRET',
    path: 'entra.readWrite.clientSecret',
    secret: true,
    description: 'Client secret of the read-write app (or LANTERN_ENTRA_RW_CERT_PATH + LANTERN_ENTRA_RW_KEY_PATH)',
  },
  {
    name: 'LANTERN_ENTRA_RW_CERT_PATH',
    path: 'entra.readWrite.certificatePath',
    description: 'PEM certificate registered on the read-write app',
  },
  {
    name: 'LANTERN_ENTRA_RW_KEY_PATH',
    path: 'entra.readWrite.privateKeyPath',
    description: 'PEM private key of that certificate',
  },
  {
    name: 'LANTERN_ENTRA_CLOUD',
    path: 'entra.cloud',
    description: 'Default cloud of new connectors: global | usGov | usGovDoD | china | custom. Default global',
  },
  {
    name: 'LANTERN_ENTRA_AUTHORITY_HOST',
    path: 'entra.authorityHost',
    description:
      "custom cloud only: identity platform URL, e.g. https://login.example (the simulator's URL for the demo)",
  },
  {
    name: 'LANTERN_ENTRA_GRAPH_BASE_URL',
    path: 'entra.graphBaseUrl',
    description: 'custom cloud only: Graph service root, e.g. https://graph.example/',
  },
  {
    name: 'LANTERN_ENTRA_GRAPH_SCOPE',
    path: 'entra.graphScope',
    description: 'custom cloud only: Graph .default scope, e.g. https://graph.microsoft.com/.default',
  },
  {
    name: 'LANTERN_EXTRA_CA_CERTS',
    path: 'entra.extraCaCertsPath',
    description:
      'PEM bundle of extra CAs the worker trusts for Entra and Graph (TLS-inspecting proxy, private cloud, the simulator)',
  },
  {
    name: 'LANTERN_CODEC_KEY',
    path: 'temporal.codecKey',
    secret: true,
    description:
      'base64 of 32 random bytes: encrypts every Temporal payload (AES-256-GCM); the API serves /codec for the Temporal UI. Unset = not encrypted',
  },
  {
    name: 'LANTERN_SIMULATOR',
    path: 'simulator.mode',
    description: 'Embedded Entra simulator for the demo: auto (on when no LANTERN_ENTRA_CLIENT_ID is set) | on | off',
  },
  {
    name: 'LANTERN_SIMULATOR_PORT',
    path: 'simulator.port',
    description: 'HTTPS port of the embedded simulator (identity platform + Graph). 0 = any free port. Default 8443',
  },
  {
    name: 'LANTERN_SIMULATOR_SIZE',
    path: 'simulator.size',
    description: 'Size of the simulated demo tenants: S (~30 users) | M | L | XL (50,000 users). Default S',
  },
  {
    name: 'LANTERN_SIMULATOR_SEED',
    path: 'simulator.seed',
    description: 'Seed of the simulated tenants (same seed, same tenants). Default 1',
  },
  {
    name: 'LANTERN_SMTP_HOST',
    path: 'email.smtpHost',
    description:
      'SMTP server for owner emails. Unset = dev outbox: each message as .eml + .json (with its links) under <data dir>/outbox',
  },
  { name: 'LANTERN_SMTP_PORT', path: 'email.smtpPort', description: 'SMTP port. Default 587' },
  {
    name: 'LANTERN_SMTP_SECURE',
    path: 'email.smtpSecure',
    description: 'true = TLS from the start (port 465); false = STARTTLS when offered. Default false',
  },
  { name: 'LANTERN_SMTP_USER', path: 'email.smtpUser', description: 'SMTP user name' },
  { name: 'LANTERN_SMTP_PASSWORD', path: 'email.smtpPassword', secret: true, description: 'SMTP password' },
  {
    name: 'LANTERN_EMAIL_FROM',
    path: 'email.from',
    description: 'Sender of owner emails. Default Lantern <lantern@localhost>',
  },
  {
    name: 'LANTERN_LINK_SIGNING_KEY',
    path: 'onboarding.linkSigningKey',
    secret: true,
    description:
      'base64 of 32 random bytes: signs setup links and OAuth state. Unset = generated once under the data folder',
  },
  {
    name: 'LANTERN_LINK_TTL_SECONDS',
    path: 'onboarding.linkTtlSeconds',
    description: 'How long an emailed setup link works. Default 604800 (7 days)',
  },
  {
    name: 'LANTERN_ONBOARDING_REMINDER_SECONDS',
    path: 'onboarding.reminderIntervalSeconds',
    description: 'Reminder interval while an onboarding step waits. Default 86400',
  },
  {
    name: 'LANTERN_ONBOARDING_REMINDER_COUNT',
    path: 'onboarding.reminderCount',
    description: 'Reminders per waiting step. Default 3',
  },
  {
    name: 'LANTERN_ONBOARDING_EXPIRY_SECONDS',
    path: 'onboarding.expirySeconds',
    description:
      'An unfinished onboarding expires after this long (an admin can restart it). Default 1209600 (14 days)',
  },
  {
    name: 'LANTERN_CODEC_CORS_ORIGINS',
    path: 'onboarding.codecCorsOrigins',
    kind: 'list',
    description:
      'Origins allowed to call /codec (the Temporal Web UI). Default http://localhost:8233,http://127.0.0.1:8233',
  },
];

export function envVarForPath(path: string): EnvVar | undefined {
  return ENV_VARS.find((v) => v.path === path);
}
