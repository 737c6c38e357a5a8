// What the Connectors pages show of each connector: its status in the words admins know from this product category
// ("Not connected", "Connected on <date>", "Syncing", "Sync failed: <reason>", "Paused"), read from the catalog row,
// its newest sync run and its sync Schedule in Temporal.
import type { ConnectorRecord } from '../../catalog/connectors.js';
import type { LatestRun } from '../../catalog/directory/reads/sync-run-summaries.js';
import type { SyncScheduleState } from '../../temporal/clients/connectors.js';
import type { LabelTone } from '../pages/components.js';

export interface ConnectorState {
  connector: ConnectorRecord;
  latest: LatestRun | undefined;
  /** When the first sync started: the day the connector began governing its tenant. */
  firstSyncAt: Date | undefined;
  /** undefined: Temporal did not answer; null: the connector has no schedule. */
  schedule: SyncScheduleState | null | undefined;
}

export interface StatusLabel {
  text: string;
  tone: LabelTone;
}

const dateText = (at: Date): string =>
  at.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** The first of these that holds wins: a running sync is news even on a paused schedule (Sync now). */
export function statusLabel({ connector, latest, firstSyncAt, schedule }: ConnectorState): StatusLabel {
  if (connector.status === 'onboarding' || connector.status === 'pending' || !connector.tenantId)
    return { text: 'Not connected', tone: 'warn' };
  if ((schedule?.running.length ?? 0) > 0 || latest?.status === 'running') return { text: 'Syncing', tone: 'busy' };
  if (schedule?.paused || connector.status === 'disabled') return { text: 'Paused', tone: 'plain' };
  if (latest?.status === 'failed') return { text: `Sync failed: ${failureInWords(latest.error)}`, tone: 'bad' };
  if (connector.status === 'failed') return { text: 'Sync failed: the connector needs attention', tone: 'bad' };
  return { text: `Connected on ${dateText(firstSyncAt ?? connector.createdAt)}`, tone: 'good' };
}

/** A sync error as one readable sentence (errors can be long stack-like texts; the detail page shows them whole). */
export function failureInWords(error: string | null): string {
  if (!error) return 'no reason was recorded';
  const firstLine = error.split('\n')[0]!.trim();
  return firstLine.length > 120 ? `${firstLine.slice(0, 117)}…` : firstLine;
}

/** "1,204 users · 310 groups · 52 apps": the counts a sync found, largest first, in words. */
export function countsText(counts: Record<string, number> | null | undefined): string {
  // Zeros say nothing ("0 removed") unless everything is zero.
  const all = Object.entries(counts ?? {}).filter(([, n]) => typeof n === 'number');
  const entries = all.some(([, n]) => n > 0) ? all.filter(([, n]) => n > 0) : all;
  if (entries.length === 0) return 'nothing counted';
  return entries
    .sort(([, a], [, b]) => b - a)
    .map(([name, n]) => `${n.toLocaleString('en-US')} ${humanName(name)}`)
    .join(' · ');
}

const humanName = (key: string): string => key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
