// Opaque, tamper-evident paging and delta tokens: base64url(JSON) plus an HMAC bound to the request it continues
// (path and query options), keyed per simulator so a token from another run or another query is rejected.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SimulatorContext } from '../../context.js';

const keys = new WeakMap<SimulatorContext, Buffer>();

function keyFor(ctx: SimulatorContext): Buffer {
  let key = keys.get(ctx);
  if (!key) {
    key = randomBytes(32);
    keys.set(ctx, key);
  }
  return key;
}

function mac(ctx: SimulatorContext, binding: string, payload: string): Buffer {
  return createHmac('sha256', keyFor(ctx)).update(binding).update('\n').update(payload).digest().subarray(0, 16);
}

export function sealToken(ctx: SimulatorContext, binding: string, state: unknown): string {
  const payload = Buffer.from(JSON.stringify(state)).toString('base64url');
  return `${payload}.${mac(ctx, binding, payload).toString('base64url')}`;
}

/** The state sealed in a token, or undefined when the token is garbled, forged or bound to a different request. */
export function openToken<T>(ctx: SimulatorContext, binding: string, token: string): T | undefined {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return undefined;
  const expected = mac(ctx, binding, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Path plus every query option except the token itself, order- and case-insensitive on names. */
export function requestBinding(path: string, query: URLSearchParams, tokenName: string): string {
  const entries = [...query]
    .filter(([k]) => k.toLowerCase() !== tokenName.toLowerCase())
    .map(([k, v]) => `${k.toLowerCase()}=${v}`);
  return `${path.toLowerCase()}?${entries.sort().join('&')}`;
}

/** An absolute Graph URL (as nextLink/deltaLink must be) for `path` with the given query options. */
export function graphLink(ctx: SimulatorContext, path: string, params: [string, string][]): string {
  const base = ctx.graphBaseUrl.replace(/\/+$/, '');
  const query = params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
  return `${base}${path}${query ? `?${query}` : ''}`;
}
