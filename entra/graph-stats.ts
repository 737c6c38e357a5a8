// Counts of what a client sent to Graph: requests per endpoint, resource units, throttled responses.
// Sync runs store these, and the benchmark prints them.

export interface GraphRequestRecord {
  method: string;
  url: string;
  status: number;
  resourceUnits: number;
}

export interface GraphStatsSnapshot {
  requests: number;
  resourceUnits: number;
  throttled: number;
  serverErrors: number;
  byEndpoint: Record<string, number>;
}

export interface GraphStats {
  record(entry: GraphRequestRecord): void;
  /** One item of a $batch response (the batch itself is one HTTP request; its items can still be throttled). */
  recordBatchItem?(status: number): void;
  snapshot(): GraphStatsSnapshot;
}

/** `GET /v1.0/groups/1f2e…/members?$top=999` → `GET groups/{id}/members`. */
export function endpointKey(method: string, url: string): string {
  const path = new URL(url, 'https://graph.invalid/').pathname.replace(/^\/(v1\.0|beta)\//, '');
  const generic = path
    .split('/')
    .map((seg) => (/^[0-9a-f-]{36}$/i.test(seg) || /\(.+\)$/.test(seg) ? '{id}' : seg))
    .join('/');
  return `${method.toUpperCase()} ${generic}`;
}

export function createGraphStats(): GraphStats {
  const totals = { requests: 0, resourceUnits: 0, throttled: 0, serverErrors: 0 };
  const byEndpoint = new Map<string, number>();
  return {
    record({ method, url, status, resourceUnits }) {
      totals.requests += 1;
      // A throttled request was not served; counting its units would make the work look bigger than it was.
      if (status !== 429) totals.resourceUnits += resourceUnits;
      if (status === 429) totals.throttled += 1;
      if (status >= 500) totals.serverErrors += 1;
      const key = endpointKey(method, url);
      byEndpoint.set(key, (byEndpoint.get(key) ?? 0) + 1);
    },
    recordBatchItem(status) {
      if (status === 429) totals.throttled += 1;
      if (status >= 500) totals.serverErrors += 1;
    },
    snapshot: () => ({ ...totals, byEndpoint: Object.fromEntries(byEndpoint) }),
  };
}

/** Records into every given collector: an activity's own figures and a process-wide total at once. */
export function teeGraphStats(...collectors: GraphStats[]): GraphStats {
  return {
    record: (entry) => {
      for (const c of collectors) c.record(entry);
    },
    recordBatchItem: (status) => {
      for (const c of collectors) c.recordBatchItem?.(status);
    },
    snapshot: () => collectors[0]!.snapshot(),
  };
}
