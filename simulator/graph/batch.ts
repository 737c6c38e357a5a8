// JSON batching (POST /v1.0/$batch): at most 20 items with unique ids (case-insensitive), relative URLs, optional
// dependsOn. Each item is dispatched through app.inject, so it meets the same authentication, permission checks,
// throttling and faults as a request of its own; a failed dependency makes its dependents 424.
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { BATCH_ITEM_HEADER, BATCH_ITEM_SECRET } from './batch-item.js';
import { graphErrorBody, graphErrors } from './errors.js';
import type { GraphRequest, GraphResponse } from './route.js';
import { jsonObject } from './writes/references.js';

export interface BatchItem {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  dependsOn: string[];
}

export interface BatchItemResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

const MAX_ITEMS = 20;
/** Response headers worth passing back per item (Graph returns a similar short list, canonically cased). */
const ITEM_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'Content-Type',
  location: 'Location',
  'retry-after': 'Retry-After',
  'cache-control': 'Cache-Control',
  'odata-version': 'OData-Version',
  'x-ms-resource-unit': 'x-ms-resource-unit',
  'x-ms-throttle-scope': 'x-ms-throttle-scope',
  'x-ms-throttle-information': 'x-ms-throttle-information',
  'x-ms-throttle-limit-percentage': 'x-ms-throttle-limit-percentage',
};

/** Parses and validates the whole batch up front: any structural problem fails the batch with 400. */
export function parseBatch(body: unknown): BatchItem[] {
  const requests = jsonObject(body).requests;
  if (!Array.isArray(requests)) throw graphErrors.batchInvalid('Invalid batch payload format.');
  if (requests.length > MAX_ITEMS) throw graphErrors.batchTooLarge();
  const items = requests.map(parseItem);
  const ids = new Set<string>();
  for (const item of items) {
    if (ids.has(item.id.toLowerCase())) throw graphErrors.batchDuplicateIds();
    ids.add(item.id.toLowerCase());
  }
  for (const item of items) {
    if (item.dependsOn.some((dep) => !ids.has(dep.toLowerCase())))
      throw graphErrors.batchInvalid('Invalid dependsOn: a request depends on an id that is not in the batch.');
  }
  assertAcyclic(items);
  assertSequentialOrParallel(items);
  return items;
}

function parseItem(raw: unknown): BatchItem {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  if (typeof r.id !== 'string' || r.id === '')
    throw graphErrors.batchInvalid("Each request in a batch must have an 'id'.");
  if (typeof r.method !== 'string' || r.method === '')
    throw graphErrors.batchInvalid("Each request in a batch must have a 'method'.");
  if (typeof r.url !== 'string' || r.url === '')
    throw graphErrors.batchInvalid("Each request in a batch must have a 'url'.");
  if (/^[a-z]+:\/\//i.test(r.url))
    throw graphErrors.batchInvalid('Batch request urls must be relative to the service root.');
  const headers = Object.fromEntries(
    Object.entries((r.headers ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
  );
  if (r.body !== undefined && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) {
    throw graphErrors.batchInvalid('A Content-Type header is required for a request in a batch that has a body.');
  }
  const dependsOn = Array.isArray(r.dependsOn) ? r.dependsOn.map(String) : [];
  return { id: r.id, method: r.method.toUpperCase(), url: r.url, headers, body: r.body, dependsOn };
}

/**
 * Graph runs a batch either fully in parallel, fully in sequence (each item depends on the one before it), or with
 * every dependent item naming the same single dependency; the official SDK refuses anything else before sending.
 */
function assertSequentialOrParallel(items: BatchItem[]): void {
  const stated = items.filter((i) => i.dependsOn.length > 0);
  if (stated.length === 0) return;
  const serial = items.every((item, i) =>
    i === 0
      ? item.dependsOn.length === 0
      : item.dependsOn.length === 1 && item.dependsOn[0]!.toLowerCase() === items[i - 1]!.id.toLowerCase(),
  );
  const first = stated[0]!.dependsOn;
  const same =
    first.length === 1 &&
    stated.every((i) => i.dependsOn.length === 1 && i.dependsOn[0]!.toLowerCase() === first[0]!.toLowerCase());
  if (!serial && !same) throw graphErrors.batchInvalid('Batch should be either fully sequential or fully parallel.');
}

function assertAcyclic(items: BatchItem[]): void {
  const byId = new Map(items.map((i) => [i.id.toLowerCase(), i]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting')
      throw graphErrors.batchInvalid('Invalid dependsOn: the batch contains a dependency cycle.');
    state.set(id, 'visiting');
    for (const dep of byId.get(id)?.dependsOn ?? []) visit(dep.toLowerCase());
    state.set(id, 'done');
  };
  for (const id of byId.keys()) visit(id);
}

/** Runs the items: independent ones concurrently, dependents after their dependencies. Responses in completion order. */
export async function runBatch(
  items: BatchItem[],
  dispatch: (item: BatchItem) => Promise<BatchItemResponse>,
  failedDependency: (item: BatchItem) => BatchItemResponse,
): Promise<BatchItemResponse[]> {
  const done: BatchItemResponse[] = [];
  const running = new Map<string, Promise<BatchItemResponse>>();
  const start = (item: BatchItem): Promise<BatchItemResponse> => {
    const key = item.id.toLowerCase();
    let promise = running.get(key);
    if (promise) return promise;
    promise = (async () => {
      const deps = await Promise.all(
        item.dependsOn.map((d) => start(items.find((i) => i.id.toLowerCase() === d.toLowerCase())!)),
      );
      const response = deps.some((r) => r.status >= 400) ? failedDependency(item) : await dispatch(item);
      done.push(response);
      return response;
    })();
    running.set(key, promise);
    return promise;
  };
  await Promise.all(items.map(start));
  return done;
}

/** The `$batch` route handler. */
export async function handleBatch(req: GraphRequest): Promise<GraphResponse> {
  const items = parseBatch(req.body);
  const clientRequestId = req.header('client-request-id') ?? randomUUID();
  const responses = await runBatch(
    items,
    (item) => dispatchItem(req.raw, item, clientRequestId),
    (item) => ({
      id: item.id,
      status: 424,
      headers: { 'Content-Type': 'application/json' },
      body: graphErrorBody(
        graphErrors.failedDependency(),
        randomUUID(),
        clientRequestId,
        new Date(req.ctx.store.clock.now()),
      ),
    }),
  );
  return { status: 200, body: { responses } };
}

async function dispatchItem(
  outer: FastifyRequest,
  item: BatchItem,
  clientRequestId: string,
): Promise<BatchItemResponse> {
  const headers: Record<string, string> = {
    ...item.headers,
    'client-request-id': clientRequestId,
    [BATCH_ITEM_HEADER]: BATCH_ITEM_SECRET,
  };
  if (outer.headers.authorization) headers.authorization = outer.headers.authorization;
  const payload =
    item.body === undefined ? undefined : typeof item.body === 'string' ? item.body : JSON.stringify(item.body);
  const res = await outer.server.inject({
    method: item.method as 'GET',
    url: `/v1.0/${itemPath(item.url)}`,
    headers,
    ...(payload === undefined ? {} : { payload }),
  });
  const out: BatchItemResponse = { id: item.id, status: res.statusCode, headers: {} };
  for (const [name, value] of Object.entries(res.headers)) {
    const canonical = ITEM_HEADERS[name.toLowerCase()];
    if (canonical && value !== undefined) out.headers[canonical] = String(value);
  }
  if (res.payload.length > 0)
    out.body = /json/i.test(String(res.headers['content-type'] ?? '')) ? safeJson(res.payload) : res.payload;
  return out;
}

/** Item urls are relative to the service root; the SDK's BatchRequestContent keeps the version segment (`/v1.0/users`). */
function itemPath(url: string): string {
  return url.replace(/^\/+/, '').replace(/^v1\.0(?=\/|\?|$)\/?/i, '');
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
