// Hostile input, property style: for every operation in the app's own OpenAPI document and every parameter and body
// field it declares, a well-formed base request gets one field replaced by a hostile value (fixed cases plus strings
// from a seeded generator). Whatever the value, the API must answer (no hang), must not fail (no 5xx), and a refusal
// must change nothing (rows and calls to Temporal counted before and after).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { authHeader } from '../helpers/api-app.js';
import { buildGuardedApp, type GuardedApp } from './guarded-app.js';
import { fieldsOf, hostileValues, requestFor, type Operation, type Target } from './hostile-requests.js';

const ANSWER_WITHIN_MS = 5_000;
const GENERATED_PER_FIELD = 4;
/** How the API names each part of a request in its messages. */
const PART = { path: 'params', query: 'querystring', header: 'headers', body: 'body' } as const;

describe('hostile input', { timeout: 180_000 }, () => {
  let g: GuardedApp;
  before(async () => {
    g = await buildGuardedApp();
  });
  after(async () => {
    await g?.close();
  });

  const send = async (operation: Operation, target: Target | null, value: unknown) => {
    const request = requestFor(operation, target, value);
    let timer: NodeJS.Timeout | undefined;
    const hang = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${ANSWER_WITHIN_MS} ms: ${shown(operation, target, value)}`)),
        ANSWER_WITHIN_MS,
      );
    });
    try {
      return await Promise.race([g.app.inject({ ...request, headers: { ...authHeader, ...request.headers } }), hang]);
    } finally {
      clearTimeout(timer);
    }
  };

  it('never fails, never hangs and changes nothing when it refuses, for every field of every operation', async (t) => {
    const operations = operationsOf(g.app.swagger() as OpenApiDocument);
    assert.ok(operations.length >= 30, `the document lists ${operations.length} operations`);
    const statuses = new Map<number, number>();
    let known = await g.state();
    let fields = 0;
    for (const operation of operations) {
      const base = await send(operation, null, undefined);
      assert.ok(
        base.statusCode < 500,
        `base request ${shown(operation, null, undefined)} answered ${base.statusCode}: ${base.body}`,
      );
      known = await g.state();
      for (const target of fieldsOf(operation)) {
        fields += 1;
        for (const value of hostileValues(
          `${operation.method} ${operation.path} ${target.where}.${target.path.join('.')}`,
          GENERATED_PER_FIELD,
        )) {
          const res = await send(operation, target, value);
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          assert.ok(res.statusCode < 500, `${shown(operation, target, value)} answered ${res.statusCode}: ${res.body}`);
          const now = await g.state();
          if (res.statusCode >= 400)
            assert.deepEqual(
              now,
              known,
              `${shown(operation, target, value)} was refused (${res.statusCode}) but changed state`,
            );
          known = now;
        }
      }
    }
    t.diagnostic(
      `${operations.length} operations, ${fields} fields, statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
  });

  it('refuses every NUL and lone surrogate it is sent, naming where it was', async () => {
    for (const operation of operationsOf(g.app.swagger() as OpenApiDocument)) {
      for (const target of fieldsOf(operation).filter((f) => f.where !== 'header')) {
        // A URL cannot carry a lone surrogate (its UTF-8 does not exist; the parser substitutes), so those go in bodies.
        for (const value of target.where === 'body' ? ['a\u0000b', 'a\uD800b'] : ['a\u0000b']) {
          const res = await send(operation, target, value);
          assert.equal(res.statusCode, 400, `${shown(operation, target, value)}: ${res.body}`);
          assert.match(
            res.json().error.message,
            new RegExp(`${PART[target.where]}\\.${target.path[0]}`),
            shown(operation, target, value),
          );
        }
      }
    }
  });
});

interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      { parameters?: Operation['parameters']; requestBody?: { content?: Record<string, { schema?: unknown }> } }
    >
  >;
}

/** Deletes last, so the seeded connector serves every other operation. */
function operationsOf(document: OpenApiDocument): Operation[] {
  const deletesLast = (a: Operation, b: Operation) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE');
  return Object.entries(document.paths)
    .flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method: method.toUpperCase() as Operation['method'],
        path,
        parameters: op.parameters ?? [],
        body: op.requestBody?.content?.['application/json']?.schema as Operation['body'],
      })),
    )
    .sort(deletesLast);
}

function shown(operation: Operation, target: Target | null, value: unknown): string {
  const text = JSON.stringify(value)?.slice(0, 60) ?? String(value);
  return `${operation.method} ${operation.path}${target ? ` with ${target.where}.${target.path.join('.')} = ${text}` : ''}`;
}
