// How a request dispatched from inside a `$batch` is recognised: batch.ts adds a header whose value is a per-process
// secret, so a client cannot pretend to be a batch item. Hooks use it to skip what only makes sense for a real
// connection (dropping the socket) or for the outer request (throttling the envelope itself).
import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

export const BATCH_ITEM_HEADER = 'x-lantern-simulator-batch-item';
export const BATCH_ITEM_SECRET = randomBytes(16).toString('hex');

export function isBatchItem(request: FastifyRequest): boolean {
  return request.headers[BATCH_ITEM_HEADER] === BATCH_ITEM_SECRET;
}

/** The `$batch` envelope itself; its items are throttled one by one, so the envelope is not. */
export function isBatchEnvelope(path: string): boolean {
  return path.toLowerCase() === '/$batch';
}
