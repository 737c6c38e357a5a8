// Pure helpers for syncTenant: counts arithmetic and the Markdown operators see in the Temporal UI.
import { ApplicationFailure, ActivityFailure } from '@temporalio/workflow';
import type { SyncCounts } from './messages.js';

export function emptyCounts(): SyncCounts {
  return {
    users: 0,
    managedIdentities: 0,
    groups: 0,
    applications: 0,
    roles: 0,
    entitlements: 0,
    grants: 0,
    discoveredApps: 0,
    removed: 0,
  };
}

export function addCounts(into: SyncCounts, add: Partial<SyncCounts>): void {
  for (const [key, value] of Object.entries(add) as [keyof SyncCounts, number | undefined][]) into[key] += value ?? 0;
}

export function isFailureOfType(err: unknown, type: string): boolean {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  return cause instanceof ApplicationFailure && cause.type === type;
}

export function describeProgress(p: {
  connectorId: string;
  tenantId: string;
  mode: string;
  stage: string;
  counts: SyncCounts;
  graph: { requests: number; resourceUnits: number; throttled: number };
}): string {
  const c = p.counts;
  return [
    `**${p.mode} sync** of tenant \`${p.tenantId}\` (connector \`${p.connectorId}\`) — stage: **${p.stage}**`,
    '',
    `| users | managed identities | groups | apps | roles | via-group grants | shadow apps | removed |`,
    `|---|---|---|---|---|---|---|---|`,
    `| ${c.users} | ${c.managedIdentities} | ${c.groups} | ${c.applications} | ${c.roles} | ${c.grants} | ${c.discoveredApps} | ${c.removed} |`,
    '',
    `Graph: ${p.graph.requests} requests, ${p.graph.resourceUnits} resource units, ${p.graph.throttled} throttled.`,
  ].join('\n');
}
