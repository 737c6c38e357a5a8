// $batch parsing and execution order, without a server: the structural 400s, dependsOn sequencing and the 424
// cascade from a failed dependency.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseBatch, runBatch, type BatchItem } from '../../simulator/graph/batch.js';
import { GraphError } from '../../simulator/graph/errors.js';

const get = (id: string, dependsOn?: string[]) => ({
  id,
  method: 'GET',
  url: `/users/${id}`,
  ...(dependsOn ? { dependsOn } : {}),
});

function batchError(body: unknown): string {
  try {
    parseBatch(body);
  } catch (err) {
    if (err instanceof GraphError) return `${err.status} ${err.message}`;
    throw err;
  }
  return 'accepted';
}

describe('batch validation', () => {
  it('accepts 20 requests and refuses 21', () => {
    assert.equal(batchError({ requests: Array.from({ length: 20 }, (_, i) => get(String(i))) }), 'accepted');
    assert.match(
      batchError({ requests: Array.from({ length: 21 }, (_, i) => get(String(i))) }),
      /^400 .*cannot exceed 20/,
    );
  });

  it('refuses ids that differ only in case', () => {
    assert.match(batchError({ requests: [get('a'), get('A')] }), /^400 .*duplicate/);
  });

  it('refuses absolute urls, unknown dependencies and cycles', () => {
    assert.match(
      batchError({ requests: [{ id: '1', method: 'GET', url: 'https://graph.microsoft.com/v1.0/users' }] }),
      /^400/,
    );
    assert.match(batchError({ requests: [get('1', ['9'])] }), /^400/);
    assert.match(batchError({ requests: [get('1', ['2']), get('2', ['1'])] }), /^400 .*cycle/);
  });

  it('accepts fully parallel, fully sequential and same-dependency batches, and refuses a mix', () => {
    assert.equal(batchError({ requests: [get('1'), get('2'), get('3')] }), 'accepted');
    assert.equal(batchError({ requests: [get('1'), get('2', ['1']), get('3', ['2'])] }), 'accepted');
    assert.equal(batchError({ requests: [get('1'), get('2', ['1']), get('3', ['1'])] }), 'accepted');
    assert.match(
      batchError({ requests: [get('1'), get('2', ['1']), get('3', ['2']), get('4')] }),
      /^400 .*fully sequential or fully parallel/,
    );
  });

  it('requires a Content-Type header for an item with a body', () => {
    assert.match(
      batchError({ requests: [{ id: '1', method: 'POST', url: '/groups/x/members/$ref', body: {} }] }),
      /^400 .*Content-Type/,
    );
  });
});

describe('batch execution', () => {
  const fail424 = (item: BatchItem) => ({ id: item.id, status: 424, headers: {} });

  it('runs dependents after their dependency and fails them with 424 when it fails', async () => {
    const items = parseBatch({ requests: [get('1'), get('2', ['1']), get('3', ['2'])] });
    const order: string[] = [];
    const responses = await runBatch(
      items,
      async (item) => {
        order.push(item.id);
        return { id: item.id, status: item.id === '1' ? 404 : 200, headers: {} };
      },
      fail424,
    );
    assert.deepEqual(Object.fromEntries(responses.map((r) => [r.id, r.status])), { 1: 404, 2: 424, 3: 424 });
    assert.deepEqual(order, ['1'], 'dependents of a failure are never dispatched');
  });

  it('runs a sequential chain in order', async () => {
    const items = parseBatch({ requests: [get('a'), get('b', ['a']), get('c', ['b'])] });
    const order: string[] = [];
    await runBatch(
      items,
      async (item) => {
        order.push(item.id);
        return { id: item.id, status: 204, headers: {} };
      },
      fail424,
    );
    assert.deepEqual(order, ['a', 'b', 'c']);
  });
});
