// Object references as Graph writes take them: `{"@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/{id}"}`
// for `$ref` adds, and arrays of the same URLs for `members@odata.bind` / `owners@odata.bind`.
import { graphErrors } from '../errors.js';
import { normalizeSegments } from '../route.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const OBJECT_COLLECTIONS = new Set([
  'directoryobjects',
  'users',
  'groups',
  'serviceprincipals',
  'devices',
  'contacts',
  'orgcontacts',
]);

/** Throws Graph's 400 for an id that is not a GUID (Graph checks the shape before looking anything up). */
export function requireObjectId(id: string): string {
  if (!GUID.test(id)) throw graphErrors.invalidObjectId(id);
  return id.toLowerCase();
}

/** The object id named by one reference URL. */
export function objectIdFromUrl(reference: unknown, property: string): string {
  if (typeof reference !== 'string' || reference === '') throw graphErrors.invalidReference(property);
  let path = reference;
  try {
    path = new URL(reference).pathname;
  } catch {
    /* a relative reference: use it as a path */
  }
  const segments = normalizeSegments(path);
  const id = segments.at(-1);
  const collection = segments.at(-2);
  if (!id || !collection || !OBJECT_COLLECTIONS.has(collection.toLowerCase()))
    throw graphErrors.invalidReference(property);
  return requireObjectId(id);
}

/**
 * An absolute reference must name this Graph's own origin: a national cloud does not resolve another cloud's URLs,
 * so a client that hard-codes https://graph.microsoft.com fails there, and fails here too. Relative references pass.
 */
function requireOwnOrigin(reference: unknown, property: string, graphBaseUrl: string): void {
  if (typeof reference !== 'string' || !URL.canParse(reference)) return;
  if (new URL(reference).origin !== new URL(graphBaseUrl).origin) throw graphErrors.invalidReference(property);
}

/** The object id in a `$ref` body (`{"@odata.id": "<graphBaseUrl>v1.0/directoryObjects/{id}"}`). */
export function objectIdFromRefBody(body: unknown, property: string, graphBaseUrl: string): string {
  const ref = body && typeof body === 'object' ? (body as Record<string, unknown>)['@odata.id'] : undefined;
  if (ref === undefined) throw graphErrors.missingProperty('@odata.id');
  requireOwnOrigin(ref, property, graphBaseUrl);
  return objectIdFromUrl(ref, property);
}

/** Every `<property>@odata.bind` URL of a write body must name this Graph's own origin, as `$ref` bodies must. */
export function requireOwnOriginBinds(body: Record<string, unknown>, graphBaseUrl: string): void {
  for (const [key, value] of Object.entries(body)) {
    if (!key.endsWith('@odata.bind')) continue;
    const property = key.slice(0, -'@odata.bind'.length);
    for (const reference of Array.isArray(value) ? value : [value]) requireOwnOrigin(reference, property, graphBaseUrl);
  }
}

/** The body as a JSON object, or Graph's 400 for anything else. */
export function jsonObject(body: unknown): Record<string, unknown> {
  const parsed = typeof body === 'string' ? safeParse(body) : body;
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw graphErrors.invalidJson();
  return parsed as Record<string, unknown>;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
